//! The risk methodology the rules apply (`risk:` in `ismslint.yaml`, or what the repository
//! states): scales, how a score is computed, the acceptance threshold. In `model` because
//! normalisation reads it (a score written as a level); `config` re-exports it and fills it.

use super::scale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreMethod {
    Product,
    Sum,
}

#[derive(Debug, Clone)]
pub struct RiskConfig {
    pub likelihood: (f64, f64),
    pub impact: (f64, f64),
    pub score: ScoreMethod,
    pub acceptance_threshold: Option<f64>,
    /// Roles or people allowed to accept risk besides the risk owner.
    pub acceptors: Vec<String>,
    /// `risk.likelihood: [Rare, …]`: a word scale (then `likelihood` is `(1, n)`).
    pub likelihood_levels: Option<scale::Scale>,
    /// `risk.impact: [Minor, …]`: a word scale (then `impact` is `(1, n)`).
    pub impact_levels: Option<scale::Scale>,
    /// `risk.levels: [Low, Medium, High]`: the score is a level (then scores are positions).
    pub levels: Option<scale::Scale>,
    /// `risk.matrix`: rows = likelihood positions, columns = impact positions, cells = score
    /// positions (1-based). Validated against the scales at config load.
    pub matrix: Option<Vec<Vec<usize>>>,
    /// `risk.impact: { from: [C, I, A], combine: max }`.
    pub impact_from: Option<scale::Composite>,
    /// `risk.likelihood` or `risk.impact` is set in config (a scale the repository states is
    /// then not used; issue 17).
    pub scale_configured: bool,
    /// Where the threshold was stated when the repository's methodology gave it (issue 17).
    pub threshold_stated: Option<String>,
    /// A word scale held in the words' own order because nothing states one (issue 13): levels
    /// compare with levels, but no score is computed from them (no order of arithmetic the
    /// repository never stated), and a word of no level class stays IN002. The config keys of the
    /// scales assumed (`risk.likelihood`, `risk.impact`, `risk.levels`).
    pub scales_assumed: Vec<&'static str>,
}

/// What normalising a risk reads of the method (`model::build`): the word scales, the parts of
/// a composite impact, the scales assumed. Two methods of the same reading build the same risks.
#[derive(PartialEq)]
pub struct Reading {
    levels: [Option<scale::Scale>; 3],
    impact_from: Option<scale::Composite>,
    scales_assumed: Vec<&'static str>,
}

impl RiskConfig {
    pub fn reading(&self) -> Reading {
        Reading {
            levels: [
                self.likelihood_levels.clone(),
                self.impact_levels.clone(),
                self.levels.clone(),
            ],
            impact_from: self.impact_from.clone(),
            scales_assumed: self.scales_assumed.clone(),
        }
    }
}

impl Default for RiskConfig {
    fn default() -> Self {
        RiskConfig {
            likelihood: (1.0, 5.0),
            impact: (1.0, 5.0),
            score: ScoreMethod::Product,
            acceptance_threshold: None,
            acceptors: Vec::new(),
            likelihood_levels: None,
            impact_levels: None,
            levels: None,
            matrix: None,
            impact_from: None,
            scale_configured: false,
            threshold_stated: None,
            scales_assumed: Vec::new(),
        }
    }
}

impl RiskConfig {
    /// The score the methodology gives: the matrix cell when the score is a level, else the
    /// product or sum. `None` when the score is a level and no matrix is configured, or the
    /// cell is outside the matrix.
    pub fn compute(&self, likelihood: f64, impact: f64) -> Option<f64> {
        if !self.scales_assumed.is_empty() {
            return None;
        }
        if self.levels.is_some() {
            let m = self.matrix.as_ref()?;
            let (r, c) = (likelihood, impact);
            if r < 1.0 || c < 1.0 || r.fract() != 0.0 || c.fract() != 0.0 {
                return None;
            }
            return m
                .get(r as usize - 1)
                .and_then(|row| row.get(c as usize - 1))
                .map(|&v| v as f64);
        }
        Some(match self.score {
            ScoreMethod::Product => likelihood * impact,
            ScoreMethod::Sum => likelihood + impact,
        })
    }

    /// Scores above this need a treatment decision and, if they stay above it, acceptance.
    /// Default: about a third of the top score (8 on a 5×5 product matrix); on a word score
    /// scale, the lower half of the levels (`Low` of Low/Medium/High, `Medium` of
    /// Low/Medium/High/Critical).
    pub fn threshold(&self) -> f64 {
        self.acceptance_threshold.unwrap_or_else(|| {
            if let Some(levels) = &self.levels {
                return (levels.len() / 2).max(1) as f64;
            }
            let top = self
                .compute(self.likelihood.1, self.impact.1)
                .unwrap_or(25.0);
            (top * 0.32).round()
        })
    }

    /// A score as the register writes it: the level name on a word scale, else the number.
    pub fn show_score(&self, v: f64) -> String {
        show(self.levels.as_ref(), v)
    }

    pub fn show_likelihood(&self, v: f64) -> String {
        show(self.likelihood_levels.as_ref(), v)
    }

    pub fn show_impact(&self, v: f64) -> String {
        show(self.impact_levels.as_ref(), v)
    }
}

fn show(levels: Option<&scale::Scale>, v: f64) -> String {
    match levels.and_then(|l| l.name(v)) {
        Some(name) => name.to_string(),
        None if v.fract() == 0.0 => format!("{v:.0}"),
        None => format!("{v}"),
    }
}
