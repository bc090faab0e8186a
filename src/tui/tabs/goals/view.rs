//! How goals are drawn: a row with a progress bar, a detail with milestones
//! and the progress history as a chart.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use crate::domain::time::relative_days;
use crate::domain::{Goal, GoalStatus, Visibility};
use crate::text::{one_line, pad};
use crate::tui::app::App;
use crate::tui::keymap::KeyMode;
use crate::tui::ui::theme;
use crate::tui::ui::widgets::{
    block_text, day, gauge_spans, hanging, heading, picker, row as layout_row, status_mark,
};

pub fn row(
    g: &Goal,
    w: usize,
    today: NaiveDate,
    by: Option<&str>,
    find: &str,
) -> ListItem<'static> {
    let mut right = Vec::new();
    if w >= 36 {
        right.extend(gauge_spans(g.progress, 10));
    } else {
        right.push(Span::raw(format!("{:>3}%", g.progress)));
    }
    if w >= 60 {
        let target = match (g.target, g.status) {
            (Some(t), GoalStatus::Active) => {
                let late = t < today;
                let text = relative_days(t, today);
                Span::styled(
                    pad(&format!(" {text}"), 14),
                    if late {
                        Style::new().fg(theme::bad())
                    } else {
                        Style::new()
                    },
                )
            }
            _ => Span::raw(" ".repeat(14)),
        };
        right.push(target);
    }
    let style = if matches!(g.status, GoalStatus::Dropped | GoalStatus::Achieved) {
        theme::muted()
    } else {
        Style::new()
    };
    ListItem::new(layout_row(
        vec![status_mark(g.status)],
        &g.title,
        right,
        w,
        by,
        find,
    ))
    .style(style)
}

pub fn detail(g: &Goal, app: &App, width: usize, focused: bool) -> Vec<Line<'static>> {
    let today = app.ws.now.date_naive();
    let mut lines = vec![Line::styled(one_line(&g.title, 200), theme::title())];
    let mut status = vec![
        status_mark(g.status),
        Span::raw(format!("{}  ", g.status.label())),
    ];
    status.extend(gauge_spans(g.progress, 20));
    lines.push(Line::from(status));
    if let Some(t) = g.target {
        let style = if t < today && g.status == GoalStatus::Active {
            Style::new().fg(theme::bad())
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw("target "),
            Span::styled(
                format!("{} ({})", day(t, true), relative_days(t, today)),
                style,
            ),
        ]));
    }
    if g.meta.visibility == Visibility::Private {
        lines.push(Line::styled(
            "private: not shared with your partner",
            theme::muted(),
        ));
    }
    if !g.why.trim().is_empty() {
        lines.push(Line::default());
        lines.push(heading("Why it matters"));
        lines.extend(block_text(&g.why));
    }
    if !g.criteria.trim().is_empty() {
        lines.push(Line::default());
        lines.push(heading("Success criteria"));
        lines.extend(block_text(&g.criteria));
    }
    lines.push(Line::default());
    lines.push(heading(&format!(
        "Milestones {}/{}",
        g.milestones_done(),
        g.milestones.len()
    )));
    let mine = app.ws.is_mine(g.meta.author);
    if g.milestones.is_empty() {
        lines.push(Line::styled(
            if mine {
                app.keys
                    .fill(&[KeyMode::List], "  none yet — {Edit} adds some")
            } else {
                "  none yet".to_string()
            },
            theme::muted(),
        ));
    }
    for (i, m) in g.milestones.iter().enumerate() {
        let style = if m.done { theme::muted() } else { Style::new() };
        lines.extend(hanging(
            vec![
                picker(i == app.detail, focused),
                Span::raw(if m.done { "[x] " } else { "[ ] " }),
            ],
            vec![
                (one_line(&m.text, 200), style),
                (
                    m.done_on
                        .map(|d| format!("  ({})", day(d, false)))
                        .unwrap_or_default(),
                    theme::muted(),
                ),
            ],
            width,
        ));
    }
    lines.push(Line::default());
    // The check-ins of the goal's owner: the user's, or the partner's.
    let checkins: Vec<&crate::domain::CheckIn> = if mine {
        app.ws.data.recent_checkins.iter().collect()
    } else {
        app.ws
            .data
            .partner_checkins
            .iter()
            .filter(|c| c.meta.author == g.meta.author)
            .collect()
    };
    let weeks: Vec<crate::domain::Week> = checkins.iter().map(|c| c.week).collect();
    let streak = crate::domain::brief::streak(&weeks, today);
    lines.push(Line::from(vec![
        Span::styled("Progress history", theme::heading()),
        Span::styled(
            match streak {
                0 if mine => app.keys.fill(
                    &[KeyMode::List],
                    "   no check-in streak yet ({CheckIn} checks in)",
                ),
                0 => "   no check-in streak".to_string(),
                1 => "   check-ins: 1 week in a row".to_string(),
                n => format!("   check-ins: {n} weeks in a row"),
            },
            theme::muted(),
        ),
    ]));
    match g.history.as_slice() {
        [] => {}
        [only] => lines.push(Line::styled(
            format!("started {} at {}%", day(only.date, true), only.progress),
            theme::muted(),
        )),
        [first, .., last] => lines.push(Line::styled(
            format!(
                "{} {}% → {} {}% ({} points)",
                day(first.date, true),
                first.progress,
                day(last.date, true),
                last.progress,
                g.history.len()
            ),
            theme::muted(),
        )),
    }
    // Week by week: how the goal stood in each check-in, and the note.
    let by_week: Vec<(crate::domain::Week, &crate::domain::GoalCheck)> = checkins
        .iter()
        .filter_map(|c| {
            c.goals
                .iter()
                .find(|l| l.goal == g.meta.id)
                .map(|l| (c.week, l))
        })
        .take(8)
        .collect();
    if !by_week.is_empty() {
        lines.push(Line::default());
        lines.push(heading("Check-ins, week by week"));
        for (week, line) in by_week {
            let state_style = match line.state {
                crate::domain::GoalState::OnTrack => Style::new().fg(theme::good()),
                crate::domain::GoalState::AtRisk => Style::new().fg(theme::warn()),
                crate::domain::GoalState::Blocked => Style::new().fg(theme::bad()),
            };
            let note = if line.note.trim().is_empty() {
                String::new()
            } else {
                format!("  {}", one_line(&line.note, 200))
            };
            lines.extend(hanging(
                vec![
                    Span::styled(format!("{week}  "), theme::muted()),
                    Span::styled(
                        pad(crate::tui::checkin::state_words(line.state), 9),
                        state_style,
                    ),
                    Span::raw(format!("{:>3}%", line.progress)),
                ],
                vec![(note, Style::new())],
                width,
            ));
        }
    }
    lines
}

/// The goal's progress history as a chart, right under its text (of
/// `text_rows`) when there is room, at the bottom when the text fills the
/// pane; the area left for the text.
pub fn chart(frame: &mut Frame, area: Rect, g: &Goal, text_rows: u16) -> Rect {
    use ratatui::symbols::Marker;
    use ratatui::widgets::{Axis, Chart, Dataset, GraphType};
    if g.history.len() < 2 || area.height < 24 || area.width < 30 {
        return area;
    }
    let text_height = text_rows.saturating_add(1).min(area.height - 8);
    let [text, chart_area, _] = Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Length(8),
        Constraint::Min(0),
    ])
    .areas(area);
    let first = g.history[0].date;
    let points: Vec<(f64, f64)> = g
        .history
        .iter()
        .map(|p| ((p.date - first).num_days() as f64, f64::from(p.progress)))
        .collect();
    let span = points.last().map_or(1.0, |p| p.0.max(1.0));
    let last = g.history[g.history.len() - 1].date;
    let data = [Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(Style::new().fg(theme::good()))
        .data(&points)];
    let chart = Chart::new(data.to_vec())
        .x_axis(
            Axis::default()
                .bounds([0.0, span])
                .labels([day(first, false), day(last, false)])
                .style(theme::muted()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .style(theme::muted()),
        );
    frame.render_widget(chart, chart_area);
    text
}
