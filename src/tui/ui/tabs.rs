//! The four tabs: a list and a detail pane, side by side when the terminal is
//! wide, stacked when it is tall, the list alone (the detail on Enter) when
//! it is neither.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::theme;
use crate::domain::time::{relative_days, relative_time};
use crate::domain::{
    Consultation, Goal, GoalStatus, JournalEntry, Owner, Reflection, Source, Visibility,
};
use crate::text::{one_line, pad, sanitize, truncate, width};
use crate::tui::action::Tab;
use crate::tui::app::{App, Mode};

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let in_detail = matches!(app.mode, Mode::Detail);
    if area.width >= 100 {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(area);
        render_list(frame, list, app);
        render_detail(frame, detail, app);
    } else if area.height >= 18 {
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
        render_list(frame, list, app);
        render_detail(frame, detail, app);
    } else if in_detail {
        render_detail(frame, area, app);
    } else {
        render_list(frame, area, app);
    }
}

fn block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::new().fg(theme::ACCENT)
    } else {
        theme::muted()
    };
    Block::bordered()
        .border_style(style)
        .title(Span::styled(title, theme::title()))
}

fn render_list(frame: &mut Frame, area: Rect, app: &App) {
    let tab = app.tab;
    let visible = app.visible(tab);
    let total = match tab {
        Tab::Goals => app.data.goals.len(),
        Tab::Journal => app.data.journal.len(),
        Tab::Reflections => app.data.reflections.len(),
        Tab::Consultations => app.data.consultations.len(),
    };
    let count = if visible.len() == total {
        format!("{total}")
    } else {
        format!("{} of {total}", visible.len())
    };
    let focused = matches!(app.mode, Mode::Normal | Mode::Filter);
    let filter = &app.filters[tab.index()];
    let shown_filter = if filter.is_empty() {
        String::new()
    } else {
        format!(" /{}", one_line(filter, 20))
    };
    let outer = block(
        format!(" {} ({count}){shown_filter} ", tab.title()),
        focused,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = inner.width.saturating_sub(2) as usize;
    if visible.is_empty() {
        let text = if total == 0 {
            empty_text(tab)
        } else {
            "Nothing matches the filter. Esc clears it.".to_string()
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme::muted())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    // Only the rows on screen are built: the selection is kept in view the
    // way ratatui's List keeps it (at the bottom when moving down past it).
    let height = usize::from(inner.height).max(1);
    let selected = app.selected[tab.index()].min(visible.len() - 1);
    let offset = (selected + 1).saturating_sub(height);
    let window = &visible[offset..(offset + height).min(visible.len())];
    let items: Vec<ListItem> = window
        .iter()
        .map(|&i| match tab {
            Tab::Goals => {
                let g = &app.data.goals[i];
                goal_row(g, w, app.now.date_naive(), app.other_author(g.meta.author))
            }
            Tab::Journal => {
                let e = &app.data.journal[i];
                journal_row(e, w, app.now.date_naive(), app.other_author(e.meta.author))
            }
            Tab::Reflections => {
                let r = &app.data.reflections[i];
                reflection_row(r, w, app.other_author(r.meta.author))
            }
            Tab::Consultations => {
                let c = &app.data.consultations[i];
                consultation_row(
                    c,
                    i >= app.data.upcoming,
                    w,
                    app.now,
                    app.other_author(c.meta.author),
                )
            }
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(selected - offset));
    let list = List::new(items)
        .highlight_symbol("▸ ")
        .highlight_style(Style::new().add_modifier(Modifier::BOLD).fg(theme::ACCENT));
    frame.render_stateful_widget(list, inner, &mut state);
}

fn empty_text(tab: Tab) -> String {
    match tab {
        Tab::Goals => "No goals yet. Press n to add what you want to achieve this year.",
        Tab::Journal => "No meetings logged yet. Press n after your next meeting.",
        Tab::Reflections => "No reflections yet. Press n: a prompt will help you start.",
        Tab::Consultations => "No consultations or workshops yet. Press n to add one.",
    }
    .to_string()
}

/// A row laid out as a left part that takes the room left and right columns.
fn row(
    left: Vec<Span<'static>>,
    left_text: &str,
    right: Vec<Span<'static>>,
    w: usize,
    by: Option<&str>,
) -> Line<'static> {
    // A partner's record is labelled with its author.
    let mut left = left;
    if let Some(by) = by {
        let first_name = by.split_whitespace().next().unwrap_or(by);
        left.push(Span::styled(
            format!("{} · ", one_line(first_name, 16)),
            Style::new()
                .fg(theme::ACCENT)
                .add_modifier(Modifier::ITALIC),
        ));
    }
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = w.saturating_sub(right_w + 1);
    let prefix_w: usize = left.iter().map(|s| width(&s.content)).sum();
    let text = truncate(&one_line(left_text, 500), room.saturating_sub(prefix_w));
    let mut spans = left;
    let filler = room.saturating_sub(prefix_w + width(&text));
    spans.push(Span::raw(text));
    spans.push(Span::raw(" ".repeat(filler + 1)));
    if room > 0 {
        spans.extend(right);
    }
    Line::from(spans)
}

fn status_mark(s: GoalStatus) -> Span<'static> {
    match s {
        GoalStatus::Active => Span::styled("● ", Style::new().fg(theme::GOOD)),
        GoalStatus::Paused => Span::styled("◐ ", Style::new().fg(theme::WARN)),
        GoalStatus::Achieved => Span::styled("✔ ", Style::new().fg(theme::ACCENT)),
        GoalStatus::Dropped => Span::styled("✕ ", theme::muted()),
    }
}

fn gauge(progress: u8, cells: usize) -> (String, String) {
    let filled = (usize::from(progress.min(100)) * cells)
        .div_ceil(100)
        .min(cells);
    let filled = if progress > 0 && progress < 100 {
        filled.clamp(1, cells - 1)
    } else {
        filled
    };
    ("█".repeat(filled), "░".repeat(cells - filled))
}

fn gauge_spans(progress: u8, cells: usize) -> Vec<Span<'static>> {
    let (a, b) = gauge(progress, cells);
    vec![
        Span::styled(a, Style::new().fg(theme::GOOD)),
        Span::styled(b, theme::muted()),
        Span::raw(format!(" {progress:>3}%")),
    ]
}

fn goal_row(g: &Goal, w: usize, today: NaiveDate, by: Option<&str>) -> ListItem<'static> {
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
                        Style::new().fg(theme::BAD)
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
    ListItem::new(row(vec![status_mark(g.status)], &g.title, right, w, by)).style(style)
}

fn journal_row(
    e: &JournalEntry,
    w: usize,
    today: NaiveDate,
    by: Option<&str>,
) -> ListItem<'static> {
    let when = if w >= 50 {
        e.at.format("%a %d %b %Y").to_string()
    } else {
        e.at.format("%d %b %y").to_string()
    };
    let open = e.open_actions();
    let late = e.actions.iter().filter(|a| a.is_overdue(today)).count();
    let mut right = Vec::new();
    if open > 0 {
        let style = if late > 0 {
            Style::new().fg(theme::BAD)
        } else {
            Style::new().fg(theme::WARN)
        };
        right.push(Span::styled(format!("{open} open"), style));
    }
    let kind = match e.kind {
        crate::domain::EventKind::PairMeeting => String::new(),
        k => format!("{} · ", k.label().replace('-', " ")),
    };
    let left = vec![
        Span::styled(format!("{when}  "), theme::muted()),
        Span::styled(kind, Style::new().fg(theme::ACCENT)),
    ];
    ListItem::new(row(left, &e.notes, right, w, by))
}

fn visibility_span(v: Visibility) -> Span<'static> {
    match v {
        Visibility::Private => Span::styled("private ", theme::muted()),
        Visibility::Shared => Span::styled("shared  ", Style::new().fg(theme::GOOD)),
    }
}

fn reflection_row(r: &Reflection, w: usize, by: Option<&str>) -> ListItem<'static> {
    let date = if w >= 50 {
        r.date.format("%d %b %Y  ").to_string()
    } else {
        r.date.format("%d %b  ").to_string()
    };
    let mut right = Vec::new();
    if w >= 60 && !r.tags.is_empty() {
        right.push(Span::styled(
            truncate(&one_line(&r.hashtags(), 60), 18),
            Style::new().fg(theme::ACCENT),
        ));
    }
    let left = vec![
        Span::styled(date, theme::muted()),
        visibility_span(r.meta.visibility),
    ];
    ListItem::new(row(left, &r.text, right, w, by))
}

fn event_when(c: &Consultation, long: bool) -> String {
    let fmt = if long { "%a %d %b %Y" } else { "%d %b" };
    if c.all_day {
        c.start.format(fmt).to_string()
    } else {
        c.start.format(&format!("{fmt} %H:%M")).to_string()
    }
}

fn countdown(c: &Consultation, now: DateTime<FixedOffset>) -> String {
    if c.start <= now && now <= c.ends_at() {
        return "now".into();
    }
    if c.all_day {
        relative_days(c.start.date_naive(), now.date_naive())
    } else {
        relative_time(c.start, now)
    }
}

fn consultation_row(
    c: &Consultation,
    past: bool,
    w: usize,
    now: DateTime<FixedOffset>,
    by: Option<&str>,
) -> ListItem<'static> {
    let cd = pad(&countdown(c, now), 13);
    let mut left = vec![Span::styled(
        cd,
        if past {
            theme::muted()
        } else {
            Style::new().fg(theme::WARN)
        },
    )];
    if w >= 60 {
        left.push(Span::styled(pad(&event_when(c, false), 14), theme::muted()));
    }
    let right = if w >= 34 {
        vec![Span::styled(
            pad(c.audience.label(), 9),
            Style::new().fg(theme::ACCENT),
        )]
    } else {
        vec![]
    };
    let item = ListItem::new(row(left, &c.title, right, w, by));
    if past {
        item.style(theme::muted())
    } else {
        item
    }
}

// ----- detail panes -------------------------------------------------------------

fn render_detail(frame: &mut Frame, area: Rect, app: &App) {
    let focused = matches!(app.mode, Mode::Detail);
    let (title, lines) = match app.tab {
        Tab::Goals => (
            "Goal",
            app.selected_goal().map(|g| goal_detail(g, app, focused)),
        ),
        Tab::Journal => (
            "Meeting",
            app.selected_entry()
                .map(|e| journal_detail(e, app, focused)),
        ),
        Tab::Reflections => (
            "Reflection",
            app.selected_reflection().map(|r| reflection_detail(r, app)),
        ),
        Tab::Consultations => (
            "Event",
            app.selected_consultation()
                .map(|c| consultation_detail(c, app.now)),
        ),
    };
    let outer = block(format!(" {title} "), focused);
    let mut inner = outer.inner(area);
    frame.render_widget(outer, area);
    let mut lines =
        lines.unwrap_or_else(|| vec![Line::styled("Nothing selected.", theme::muted())]);
    let author = match app.tab {
        Tab::Goals => app.selected_goal().map(|g| g.meta.author),
        Tab::Journal => app.selected_entry().map(|e| e.meta.author),
        Tab::Reflections => app.selected_reflection().map(|r| r.meta.author),
        Tab::Consultations => app.selected_consultation().map(|c| c.meta.author),
    };
    if let Some(by) = author.and_then(|a| app.other_author(a)) {
        lines.insert(
            0,
            Line::styled(
                format!("by {} — shared with you, read-only", one_line(by, 40)),
                Style::new()
                    .fg(theme::ACCENT)
                    .add_modifier(Modifier::ITALIC),
            ),
        );
    }
    // The goal's progress history as a chart, below its text, when there is room.
    if app.tab == Tab::Goals
        && let Some(g) = app.selected_goal()
        && g.history.len() >= 2
        && inner.height >= 24
        && inner.width >= 30
    {
        let [text, chart] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(8)]).areas(inner);
        history_chart(frame, chart, g);
        inner = text;
    }
    // Keep the selected milestone or action in view: count the rows the
    // lines above it take once wrapped.
    let scroll = if focused {
        let width = usize::from(inner.width.max(1));
        let picked = lines
            .iter()
            .position(|l| l.spans.first().is_some_and(|s| s.content == "▸ "));
        let rows_before: usize = lines[..picked.unwrap_or(0)]
            .iter()
            .map(|l| l.width().max(1).div_ceil(width))
            .sum();
        u16::try_from((rows_before + 2).saturating_sub(usize::from(inner.height)))
            .unwrap_or(u16::MAX)
    } else {
        0
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_string(), theme::heading())
}

fn block_text(text: &str) -> Vec<Line<'static>> {
    sanitize(text, true)
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect()
}

/// "1 day late", "3 days late".
pub(super) fn days_late(days: i64) -> String {
    if days == 1 {
        "1 day late".to_string()
    } else {
        format!("{days} days late")
    }
}

fn picker(selected: bool, focused: bool) -> Span<'static> {
    if selected && focused {
        Span::styled("▸ ", theme::key())
    } else {
        Span::raw("  ")
    }
}

fn goal_detail(g: &Goal, app: &App, focused: bool) -> Vec<Line<'static>> {
    let today = app.now.date_naive();
    let mut lines = vec![Line::styled(one_line(&g.title, 200), theme::title())];
    let mut status = vec![
        status_mark(g.status),
        Span::raw(format!("{}  ", g.status.label())),
    ];
    status.extend(gauge_spans(g.progress, 20));
    lines.push(Line::from(status));
    if let Some(t) = g.target {
        let style = if t < today && g.status == GoalStatus::Active {
            Style::new().fg(theme::BAD)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw("target "),
            Span::styled(
                format!("{} ({})", t.format("%a %d %b %Y"), relative_days(t, today)),
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
    if g.milestones.is_empty() {
        lines.push(Line::styled("  none yet — e adds some", theme::muted()));
    }
    for (i, m) in g.milestones.iter().enumerate() {
        let style = if m.done { theme::muted() } else { Style::new() };
        lines.push(Line::from(vec![
            picker(i == app.detail, focused),
            Span::raw(if m.done { "[x] " } else { "[ ] " }),
            Span::styled(one_line(&m.text, 200), style),
        ]));
    }
    lines.push(Line::default());
    let weeks: Vec<crate::domain::Week> = app.data.recent_checkins.iter().map(|c| c.week).collect();
    let streak = crate::domain::brief::streak(&weeks, today);
    lines.push(Line::from(vec![
        Span::styled("Progress history", theme::heading()),
        Span::styled(
            match streak {
                0 => "   no check-in streak yet (c checks in)".to_string(),
                1 => "   check-ins: 1 week in a row".to_string(),
                n => format!("   check-ins: {n} weeks in a row"),
            },
            theme::muted(),
        ),
    ]));
    if let (Some(first), Some(last)) = (g.history.first(), g.history.last()) {
        lines.push(Line::styled(
            format!(
                "{} {}% → {} {}% ({} points)",
                first.date.format("%d %b %Y"),
                first.progress,
                last.date.format("%d %b %Y"),
                last.progress,
                g.history.len()
            ),
            theme::muted(),
        ));
    }
    lines
}

fn history_chart(frame: &mut Frame, area: Rect, g: &Goal) {
    use ratatui::symbols::Marker;
    use ratatui::widgets::{Axis, Chart, Dataset, GraphType};
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
        .style(Style::new().fg(theme::GOOD))
        .data(&points)];
    let chart = Chart::new(data.to_vec())
        .x_axis(
            Axis::default()
                .bounds([0.0, span])
                .labels([
                    first.format("%d %b").to_string(),
                    last.format("%d %b").to_string(),
                ])
                .style(theme::muted()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["0", "50", "100"])
                .style(theme::muted()),
        );
    frame.render_widget(chart, area);
}

fn journal_detail(e: &JournalEntry, app: &App, focused: bool) -> Vec<Line<'static>> {
    let today = app.now.date_naive();
    let with = if e.with.trim().is_empty() {
        String::new()
    } else {
        format!(" with {}", one_line(&e.with, 40))
    };
    let time = if e.at.time() == NaiveTime::MIN {
        String::new()
    } else {
        e.at.format(" %H:%M").to_string()
    };
    let mut lines = vec![
        Line::styled(
            format!("{}{time}", e.at.format("%A %d %B %Y")),
            theme::title(),
        ),
        Line::raw(format!(
            "{}{with} · {}",
            e.kind.label().replace('-', " "),
            relative_days(e.at.date_naive(), today)
        )),
        Line::default(),
        heading("Notes"),
    ];
    lines.extend(block_text(&e.notes));
    lines.push(Line::default());
    lines.push(heading(&format!(
        "Agreed actions ({} open)",
        e.open_actions()
    )));
    if e.actions.is_empty() {
        lines.push(Line::styled("  none", theme::muted()));
    }
    let partner = app
        .me
        .as_ref()
        .and_then(|p| p.partner.clone())
        .unwrap_or_else(|| "partner".into());
    for (i, a) in e.actions.iter().enumerate() {
        let owner = match a.owner {
            Owner::Me => "me".to_string(),
            Owner::Partner => one_line(&partner, 20),
        };
        let due = match a.due {
            Some(d) if a.is_overdue(today) => Span::styled(
                format!("  {}", days_late((today - d).num_days())),
                Style::new().fg(theme::BAD),
            ),
            Some(d) if !a.done => {
                Span::styled(format!("  due {}", relative_days(d, today)), theme::muted())
            }
            _ => Span::raw(""),
        };
        let style = if a.done { theme::muted() } else { Style::new() };
        lines.push(Line::from(vec![
            picker(i == app.detail, focused),
            Span::raw(if a.done { "[x] " } else { "[ ] " }),
            Span::styled(one_line(&a.text, 200), style),
            Span::styled(format!("  — {owner}"), theme::muted()),
            due,
        ]));
    }
    let goals: Vec<String> = e
        .goals
        .iter()
        .filter_map(|id| app.data.goals.iter().find(|g| g.meta.id == *id))
        .map(|g| one_line(&g.title, 60))
        .collect();
    if !goals.is_empty() {
        lines.push(Line::default());
        lines.push(heading("About"));
        lines.extend(goals.into_iter().map(|t| Line::raw(format!("  {t}"))));
    }
    lines
}

fn reflection_detail(r: &Reflection, app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(r.date.format("%A %d %B %Y").to_string(), theme::title()),
        Span::raw("  "),
        visibility_span(r.meta.visibility),
    ])];
    if let Some(p) = &r.prompt {
        lines.push(Line::default());
        lines.push(Line::styled(
            one_line(p, 300),
            Style::new()
                .add_modifier(Modifier::ITALIC)
                .fg(theme::ACCENT),
        ));
    }
    lines.push(Line::default());
    lines.extend(block_text(&r.text));
    if !r.tags.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            one_line(&r.hashtags(), 300),
            Style::new().fg(theme::ACCENT),
        ));
    }
    if let Some(g) = r
        .goal
        .and_then(|id| app.data.goals.iter().find(|g| g.meta.id == id))
    {
        lines.push(Line::raw(format!("about: {}", one_line(&g.title, 80))));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        match r.meta.visibility {
            Visibility::Private => "Private: only you see it. v shares it with your partner.",
            Visibility::Shared => "Shared with your partner. v makes it private again.",
        },
        theme::muted(),
    ));
    lines
}

fn consultation_detail(c: &Consultation, now: DateTime<FixedOffset>) -> Vec<Line<'static>> {
    let when = match (c.all_day, c.end) {
        (true, Some(end)) if (end - c.start).num_days() > 1 => {
            format!(
                "{} – {} (all day)",
                c.start.format("%a %d %b %Y"),
                (end - chrono::Duration::days(1)).format("%a %d %b %Y")
            )
        }
        (true, _) => format!("{} (all day)", c.start.format("%a %d %b %Y")),
        (false, Some(end)) if end.date_naive() == c.start.date_naive() => {
            format!(
                "{}–{}",
                c.start.format("%a %d %b %Y %H:%M"),
                end.format("%H:%M")
            )
        }
        (false, Some(end)) => format!(
            "{} – {}",
            c.start.format("%a %d %b %Y %H:%M"),
            end.format("%a %d %b %H:%M")
        ),
        (false, None) => c.start.format("%a %d %b %Y %H:%M").to_string(),
    };
    let mut lines = vec![
        Line::styled(one_line(&c.title, 200), theme::title()),
        Line::from(vec![
            Span::raw(when),
            Span::styled(
                format!("  ({})", countdown(c, now)),
                Style::new().fg(theme::WARN),
            ),
        ]),
        Line::raw(format!(
            "{} · for {}",
            c.kind.label().replace('-', " "),
            audience_words(c)
        )),
    ];
    if !c.place.trim().is_empty() {
        lines.push(Line::raw(format!("at {}", one_line(&c.place, 200))));
    }
    if !c.notes.trim().is_empty() {
        lines.push(Line::default());
        lines.extend(block_text(&c.notes));
    }
    if let Source::Imported { uid } = &c.source {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("from the programme's calendar ({})", one_line(uid, 60)),
            theme::muted(),
        ));
    }
    lines
}

fn audience_words(c: &Consultation) -> &'static str {
    match c.audience {
        crate::domain::Audience::Mentors => "all mentors",
        crate::domain::Audience::Mentees => "all mentees",
        crate::domain::Audience::Everyone => "everyone",
        crate::domain::Audience::Pair => "our pair",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges_show_a_sliver_for_small_progress() {
        assert_eq!(gauge(3, 10).0.chars().count(), 1);
        assert_eq!(gauge(100, 10).1, "");
        assert_eq!(gauge(99, 10).1.chars().count(), 1);
    }
}
