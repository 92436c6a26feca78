//! RSK: the risk register against its own methodology (6.1.2, 6.1.3, 8.2, 8.3).
pub mod acceptance_expired;
pub mod excluded_control_treats_risk;
pub mod missing_treatment;
pub mod residual_exceeds_inherent;
pub mod risk_without_owner;
pub mod score_mismatch;
pub mod score_out_of_scale;
pub mod treatment_overdue;
pub mod treatment_without_controls;
pub mod unaccepted_residual_risk;

use crate::config::RiskConfig;
use crate::model::{Field, Risk};
use crate::source::Loc;

/// A score and where it was read or computed from.
pub struct Score {
    pub value: f64,
    pub loc: Loc,
    /// Written in the register (not computed from likelihood and impact).
    pub stated: bool,
}

fn from_parts(l: &Field<f64>, i: &Field<f64>, cfg: &RiskConfig) -> Option<f64> {
    cfg.compute(l.value()?, i.value()?)
}

/// The inherent score: stated, else computed.
pub fn inherent(r: &Risk, cfg: &RiskConfig) -> Option<Score> {
    if let Some(v) = r.score.value() {
        return Some(Score {
            value: v,
            loc: r.score.loc,
            stated: true,
        });
    }
    from_parts(&r.likelihood, &r.impact, cfg).map(|value| Score {
        value,
        loc: r.likelihood.loc,
        stated: false,
    })
}

/// The residual score: stated, else computed from residual likelihood and impact.
pub fn residual(r: &Risk, cfg: &RiskConfig) -> Option<Score> {
    let res = r.residual();
    if let Some(v) = res.residual_score.value() {
        return Some(Score {
            value: v,
            loc: res.residual_score.loc,
            stated: true,
        });
    }
    from_parts(&res.residual_likelihood, &res.residual_impact, cfg).map(|value| Score {
        value,
        loc: res.residual_likelihood.loc,
        stated: false,
    })
}

/// `12`, or `12.5` when not whole.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
