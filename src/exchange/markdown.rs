//! The user's year as a Markdown document, for people: goals with progress
//! and history, the journal with its actions, reflections (shared ones, or
//! all with `--private` for one's own archive), check-ins and consultations.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset, NaiveTime};

use crate::domain::{
    CheckIn, Consultation, Goal, JournalEntry, Owner, Profile, Reflection, Visibility,
};
use crate::text::{one_line, sanitize};

/// What goes into the document.
pub struct Year<'a> {
    pub me: &'a Profile,
    pub goals: &'a [Goal],
    /// Newest first.
    pub journal: &'a [JournalEntry],
    /// Newest first.
    pub reflections: &'a [Reflection],
    /// Newest first.
    pub checkins: &'a [CheckIn],
    /// In date order.
    pub consultations: &'a [Consultation],
    /// Include private reflections (for the user's own archive).
    pub private: bool,
}

fn inline(s: &str) -> String {
    one_line(s, 10_000)
}

fn cell(s: &str) -> String {
    inline(s).replace('|', "\\|")
}

fn paragraph(s: &str) -> String {
    sanitize(s, true).trim().to_string()
}

fn when(at: DateTime<FixedOffset>) -> String {
    if at.time() == NaiveTime::MIN {
        at.format("%a %-d %b %Y").to_string()
    } else {
        at.format("%a %-d %b %Y %H:%M").to_string()
    }
}

pub fn document(y: &Year, now: DateTime<FixedOffset>) -> String {
    let mut out = String::new();
    let me = y.me;
    let _ = writeln!(out, "# {}", inline(&me.name));
    let mut about = vec![me.role.label().to_string()];
    if let Some(p) = &me.partner {
        about.push(format!("with {}", inline(p)));
    }
    if let Some(p) = &me.programme {
        about.push(format!(
            "{}, {} – {}",
            inline(&p.name),
            p.from.format("%-d %b %Y"),
            p.to.format("%-d %b %Y")
        ));
    }
    about.push(format!("written {}", now.format("%a %-d %b %Y")));
    let _ = writeln!(out, "\n{}", about.join(" · "));

    let _ = writeln!(out, "\n## Goals\n");
    let goals: Vec<&Goal> = y
        .goals
        .iter()
        .filter(|g| y.private || g.meta.visibility == Visibility::Shared)
        .collect();
    if goals.is_empty() {
        let _ = writeln!(
            out,
            "No goals{}.",
            if y.private { " yet" } else { " shared" }
        );
    }
    for g in goals {
        let _ = writeln!(out, "### {}\n", inline(&g.title));
        let target = g
            .target
            .map(|t| format!(" · target {}", t.format("%-d %b %Y")))
            .unwrap_or_default();
        let _ = writeln!(out, "{} · {} %{target}\n", g.status.label(), g.progress);
        if !g.why.trim().is_empty() {
            let _ = writeln!(out, "**Why it matters.** {}\n", paragraph(&g.why));
        }
        if !g.criteria.trim().is_empty() {
            let _ = writeln!(out, "**Success criteria.** {}\n", paragraph(&g.criteria));
        }
        if !g.milestones.is_empty() {
            for m in &g.milestones {
                let _ = writeln!(
                    out,
                    "- [{}] {}{}",
                    if m.done { "x" } else { " " },
                    inline(&m.text),
                    m.done_on
                        .map(|d| format!(" ({})", d.format("%-d %b")))
                        .unwrap_or_default()
                );
            }
            out.push('\n');
        }
        if g.history.len() > 1 {
            let points: Vec<String> = g
                .history
                .iter()
                .map(|p| format!("{} %, {}", p.progress, p.date.format("%-d %b")))
                .collect();
            let _ = writeln!(out, "Progress: {}\n", points.join(" → "));
        }
        // Week by week, as the check-ins said: the state and the note.
        let weeks: Vec<String> = y
            .checkins
            .iter()
            .filter_map(|c| {
                let line = c.goals.iter().find(|l| l.goal == g.meta.id)?;
                let note = if line.note.trim().is_empty() {
                    String::new()
                } else {
                    format!(": {}", inline(&line.note))
                };
                Some(format!(
                    "- {} — {}, {} %{note}",
                    c.week,
                    line.state.label().replace('-', " "),
                    line.progress
                ))
            })
            .collect();
        if !weeks.is_empty() {
            let _ = writeln!(out, "Check-ins:\n\n{}\n", weeks.join("\n"));
        }
    }

    let _ = writeln!(out, "## Meeting journal\n");
    if y.journal.is_empty() {
        let _ = writeln!(out, "No meetings logged.\n");
    }
    for e in y.journal {
        let with = if e.with.trim().is_empty() {
            String::new()
        } else {
            format!(" with {}", inline(&e.with))
        };
        let _ = writeln!(
            out,
            "### {} — {}{with}\n",
            when(e.at),
            e.kind.label().replace('-', " ")
        );
        let _ = writeln!(out, "{}\n", paragraph(&e.notes));
        if !e.actions.is_empty() {
            let _ = writeln!(out, "Agreed:\n");
            for a in &e.actions {
                let owner = match a.owner {
                    Owner::Me => inline(&me.name),
                    Owner::Partner => me
                        .partner
                        .as_deref()
                        .map(inline)
                        .unwrap_or_else(|| "partner".into()),
                };
                let due = a
                    .due
                    .map(|d| format!(", due {}", d.format("%-d %b %Y")))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- [{}] {} — {owner}{due}",
                    if a.done { "x" } else { " " },
                    inline(&a.text)
                );
            }
            out.push('\n');
        }
    }

    let shown: Vec<&Reflection> = y
        .reflections
        .iter()
        .filter(|r| y.private || r.meta.visibility == Visibility::Shared)
        .collect();
    let _ = writeln!(
        out,
        "## Reflections{}\n",
        if y.private { "" } else { " (shared)" }
    );
    if shown.is_empty() {
        let _ = writeln!(
            out,
            "No reflections{}.\n",
            if y.private { "" } else { " shared" }
        );
    }
    for r in shown {
        let private = if r.meta.visibility == Visibility::Private {
            " (private)"
        } else {
            ""
        };
        let _ = writeln!(out, "### {}{private}\n", r.date.format("%a %-d %b %Y"));
        if let Some(p) = &r.prompt {
            let _ = writeln!(out, "*{}*\n", inline(p));
        }
        let _ = writeln!(out, "{}\n", paragraph(&r.text));
        if !r.tags.is_empty() {
            let _ = writeln!(out, "{}\n", inline(&r.hashtags()));
        }
    }

    let _ = writeln!(out, "## Check-ins\n");
    if y.checkins.is_empty() {
        let _ = writeln!(out, "No check-ins.\n");
    } else {
        let _ = writeln!(
            out,
            "| Week | Mood | Energy | Win | Blocker | Focus |\n|---|---|---|---|---|---|"
        );
        for c in y.checkins {
            let _ = writeln!(
                out,
                "| {} | {}/5 | {}/5 | {} | {} | {} |",
                c.week,
                c.mood,
                c.energy,
                cell(&c.win),
                cell(&c.blocker),
                cell(&c.focus)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Consultations and workshops\n");
    if y.consultations.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for c in y.consultations {
        let start = if c.all_day {
            c.start.format("%a %-d %b %Y").to_string()
        } else {
            when(c.start)
        };
        let place = if c.place.trim().is_empty() {
            String::new()
        } else {
            format!(", {}", inline(&c.place))
        };
        let _ = writeln!(
            out,
            "- {start} — {} ({}, for {}){place}",
            inline(&c.title),
            c.kind.label().replace('-', " "),
            c.audience.label()
        );
    }
    out
}
