//! Rows of SoA tables that only add to the SoA (issue 9): an "Excluded controls" summary
//! (`Control | Justification`) and a traceability table (`Control | Risk IDs`). Each row is
//! merged into the control's register row, so a control listed in a theme table and again in
//! the summary is one control, not a duplicate (IN003).
//!
//! - An exclusion row excludes its control: a register row with no decision (or an undecided
//!   one) becomes excluded, and its justification is the summary's (the register row's own
//!   only when the summary leaves the cell empty).
//!   With no register row, the exclusion row is the control's SoA row. A register row that
//!   says the control applies contradicts the summary: both rows stay, and IN003 shows them.
//! - A traceability row adds its risks and documents. With no register row it is dropped: the
//!   control is missing from the SoA (SOA002) whatever the traceability table says.

use crate::model::entity::{Control, Item, Val};
use crate::model::record::Role;
use crate::model::values::Tri;
use std::collections::HashMap;

pub fn partial_rows(controls: &mut Vec<Control>) {
    if controls
        .iter()
        .all(|c| c.role == Role::Register || c.role == Role::Clause)
    {
        return;
    }
    let mut main: HashMap<String, usize> = HashMap::new();
    for (i, c) in controls.iter().enumerate() {
        if c.role == Role::Register
            && let Some(r) = c.control_ref()
        {
            main.entry(r.id().to_string()).or_insert(i);
        }
    }
    let mut dropped = vec![false; controls.len()];
    // Exclusions first, so a traceability row can add to a control only the summary lists.
    for role in [Role::Exclusion, Role::Links] {
        for i in 0..controls.len() {
            if controls[i].role != role {
                continue;
            }
            let Some(id) = controls[i].control_ref().map(|r| r.id().to_string()) else {
                dropped[i] = true;
                continue;
            };
            let Some(&m) = main.get(&id) else {
                match role {
                    Role::Exclusion => {
                        main.insert(id, i);
                    }
                    _ => dropped[i] = true,
                }
                continue;
            };
            if m == i {
                continue;
            }
            let src = controls[i].clone();
            let dst = &mut controls[m];
            if role == Role::Exclusion {
                if dst.applicable.value() == Some(Tri::Yes) {
                    continue;
                }
                if matches!(
                    dst.applicable.val,
                    Val::Missing | Val::Placeholder(_) | Val::Ok(Tri::Undecided)
                ) {
                    dst.applicable = src.applicable.clone();
                }
                // The summary is where the exclusion is justified: its text (or its empty
                // cell, when neither row says why) is the one the rules judge.
                if !src.justification.is_blank() || dst.justification.is_blank() {
                    dst.justification = src.justification.clone();
                }
            }
            add_links(dst, &src);
            dropped[i] = true;
        }
    }
    let mut i = 0;
    controls.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
}

fn add_items(to: &mut Vec<Item<String>>, from: &[Item<String>]) {
    for item in from {
        if !to.iter().any(|t| t.value.eq_ignore_ascii_case(&item.value)) {
            to.push(item.clone());
        }
    }
}

/// A traceability row's links: risks and documents. Its other columns (an action's owner in a
/// treatment plan) say nothing about the control's SoA row.
fn add_links(dst: &mut Control, src: &Control) {
    add_items(&mut dst.risks, &src.risks);
    add_items(&mut dst.documents, &src.documents);
}
