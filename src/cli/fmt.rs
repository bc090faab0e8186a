//! How dates, progress and user text read in the command line's output.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

use crate::domain::time::{relative_days, relative_time};
use crate::domain::{AgreedAction, Consultation, EventKind, Visibility};
use crate::text;

/// A stored moment, in the offset it was written with: "Tue 2026-11-17 14:00"
/// (the time left out at midnight, when only a date was given).
/// Who wrote a record, from the viewer's side: "you", or the partner's
/// name.
pub fn author(author: crate::domain::Id, people: &[crate::domain::Profile]) -> String {
    match people.iter().position(|p| p.id == author) {
        Some(0) => "you".to_string(),
        Some(i) => line(&people[i].name, 20),
        None => "?".to_string(),
    }
}

/// A partner's moment on this machine's clock (the user's own are shown as
/// they were entered).
pub fn on_my_clock(
    at: DateTime<FixedOffset>,
    mine: bool,
    zone: crate::domain::time::Zone,
) -> DateTime<FixedOffset> {
    if mine { at } else { zone.show(at) }
}

pub fn datetime(at: DateTime<FixedOffset>) -> String {
    if at.time() == NaiveTime::MIN {
        at.format("%a %Y-%m-%d").to_string()
    } else {
        at.format("%a %Y-%m-%d %H:%M").to_string()
    }
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "2026-12-03 (in 9 days)".
pub fn date_relative(d: NaiveDate, today: NaiveDate) -> String {
    format!("{} ({})", date(d), relative_days(d, today))
}

/// A ten-cell bar: "██████░░░░".
pub fn bar(progress: u8) -> String {
    let filled = usize::from(progress.min(100)).div_ceil(10).min(10);
    let filled = if progress > 0 && progress < 100 {
        filled.clamp(1, 9)
    } else {
        filled
    };
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

/// "60 %" right-aligned to four characters.
pub fn percent(progress: u8) -> String {
    format!("{progress:>3} %")
}

/// When an event takes place: "Thu 2026-12-03 14:00–16:00", "Thu 2026-12-03 (all day)".
pub fn event_when(c: &Consultation) -> String {
    if c.all_day {
        let first = c.start.date_naive();
        let last = c
            .end
            .map(|e| e.date_naive().pred_opt().unwrap_or(first))
            .unwrap_or(first);
        if last > first {
            format!(
                "{} – {} (all day)",
                c.start.format("%a %Y-%m-%d"),
                last.format("%a %Y-%m-%d")
            )
        } else {
            format!("{} (all day)", c.start.format("%a %Y-%m-%d"))
        }
    } else {
        match c.end {
            Some(end) if end.date_naive() == c.start.date_naive() => {
                format!(
                    "{}–{}",
                    c.start.format("%a %Y-%m-%d %H:%M"),
                    end.format("%H:%M")
                )
            }
            // Ending at midnight: until the end of the day before.
            Some(end) if end.time() == NaiveTime::MIN => format!(
                "{} – {} (end of day)",
                c.start.format("%a %Y-%m-%d %H:%M"),
                (end - chrono::Duration::days(1)).format("%a %Y-%m-%d")
            ),
            Some(end) => format!(
                "{} – {}",
                c.start.format("%a %Y-%m-%d %H:%M"),
                end.format("%a %Y-%m-%d %H:%M")
            ),
            None => c.start.format("%a %Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// The countdown to an event: "in 3 days", "now" while it is under way, "2 weeks ago".
pub fn countdown(c: &Consultation, now: DateTime<FixedOffset>) -> String {
    if c.start <= now && now <= c.ends_at() {
        return "now".to_string();
    }
    if c.all_day {
        return relative_days(c.start.date_naive(), now.date_naive());
    }
    relative_time(c.start, now)
}

/// When an action is due, and how late it is.
pub fn due(a: &AgreedAction, today: NaiveDate) -> String {
    match a.due {
        None => "—".to_string(),
        Some(d) if a.is_overdue(today) => {
            let late = (today - d).num_days();
            format!(
                "{} ({} late)",
                date(d),
                if late == 1 {
                    "1 day".to_string()
                } else {
                    format!("{late} days")
                }
            )
        }
        Some(d) if !a.done => date_relative(d, today),
        Some(d) => date(d),
    }
}

/// A kind as words: "pair meeting".
pub fn kind(k: EventKind) -> String {
    k.label().replace('-', " ")
}

pub fn checkbox(done: bool) -> &'static str {
    if done { "[x]" } else { "[ ]" }
}

pub fn visibility(v: Visibility) -> &'static str {
    v.label()
}

/// User text for one line of a listing.
pub fn line(s: &str, max: usize) -> String {
    text::one_line(s, max)
}

/// User text kept whole (newlines too), indented for a detail view.
pub fn block(s: &str, indent: &str) -> String {
    text::sanitize(s, true)
        .lines()
        .map(|l| format!("{indent}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_show_something_for_small_progress_and_full_only_at_100() {
        assert_eq!(bar(0), "░░░░░░░░░░");
        assert_eq!(bar(3), "█░░░░░░░░░");
        assert_eq!(bar(60), "██████░░░░");
        assert_eq!(bar(99), "█████████░");
        assert_eq!(bar(100), "██████████");
    }
}
