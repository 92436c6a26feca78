//! ISM: suppressions, waivers and the baseline themselves. Reported by
//! `engine::suppress`, which is where suppressions are read and applied.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::{Context, Rule};

pub static UNUSED: RuleMeta = RuleMeta {
    code: "ISM001",
    name: "unused-suppression",
    default: Some(Severity::Warning),
    summary: "a suppression or waiver that suppresses nothing",
    options: &[],
};

pub static INVALID: RuleMeta = RuleMeta {
    code: "ISM002",
    name: "invalid-suppression",
    default: Some(Severity::Error),
    summary: "a malformed suppression, or one without a reason",
    options: &[],
};

pub static EXPIRED: RuleMeta = RuleMeta {
    code: "ISM003",
    name: "expired-waiver",
    default: Some(Severity::Warning),
    summary: "a waiver past its expiry date",
    options: &[],
};

pub struct Unused;
pub struct Invalid;
pub struct Expired;

impl Rule for Unused {
    fn meta(&self) -> &'static RuleMeta {
        &UNUSED
    }
    fn check(&self, _cx: &Context, _out: &mut Vec<Diagnostic>) {}
}

impl Rule for Invalid {
    fn meta(&self) -> &'static RuleMeta {
        &INVALID
    }
    fn check(&self, _cx: &Context, _out: &mut Vec<Diagnostic>) {}
}

impl Rule for Expired {
    fn meta(&self) -> &'static RuleMeta {
        &EXPIRED
    }
    fn check(&self, _cx: &Context, _out: &mut Vec<Diagnostic>) {}
}
