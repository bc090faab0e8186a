//! What is drawn over the tabs: forms, confirmations, the help and the open
//! actions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use crate::domain::Owner;
use crate::domain::brief::{Brief, BriefLine};
use crate::domain::time::relative_days;
use crate::text::{one_line, pad, truncate};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::checkin::{Step, Wizard, scale_words, state_words};
use crate::tui::form::{Form, Input};
use crate::tui::keymap::{KeyMode, Keymap};

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    match &app.mode {
        Mode::Form(form) => render_form(frame, area, form, &app.keys),
        Mode::Confirm(c) => render_confirm(frame, area, &c.question, &app.keys),
        Mode::Help => render_help(frame, area, app),
        Mode::Actions => render_actions(frame, area, app),
        Mode::CheckIn(wizard) => render_checkin(frame, area, wizard, &app.keys),
        Mode::Brief(brief, scroll) => render_brief(frame, area, brief, *scroll),
        _ => {}
    }
}

/// "key words  key words" spans, each key in the key style.
fn key_spans(pairs: Vec<(String, &'static str)>, gap: &str) -> Vec<Span<'static>> {
    let n = pairs.len();
    let mut spans = Vec::new();
    for (i, (key, words)) in pairs.into_iter().enumerate() {
        spans.push(Span::styled(key, theme::key()));
        let sep = if i + 1 < n { gap } else { "" };
        spans.push(Span::raw(format!(" {words}{sep}")));
    }
    spans
}

/// A centred box of at most `w`×`h`, leaving the header and footer rows
/// visible; it takes the whole width when the terminal is narrow, so that no
/// stray border of what lies below shows beside it.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = if area.width <= w + 4 { area.width } else { w };
    let h = h.min(area.height.saturating_sub(2)).max(1);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn frame_box(frame: &mut Frame, rect: Rect, title: &str) -> Rect {
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::ACCENT))
        .title(Span::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}

fn render_confirm(frame: &mut Frame, area: Rect, question: &str, keys: &Keymap) {
    let rect = centered(area, 60, 5);
    let inner = frame_box(frame, rect, "Confirm");
    let answers = keys.pairs(
        &[KeyMode::Confirm],
        &[(Action::Yes, "yes"), (Action::No, "no")],
    );
    let lines = vec![
        Line::raw(truncate(&one_line(question, 300), inner.width as usize)),
        Line::from(key_spans(answers, "   ")),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn render_help(frame: &mut Frame, area: Rect, app: &App) {
    let rect = centered(area, 76, area.height);
    let close = app.keys.label(KeyMode::Help, &Action::Back);
    let inner = frame_box(frame, rect, &format!("Keys — {close} closes"));
    let text_w = (inner.width as usize).saturating_sub(18);
    let mut lines = Vec::new();
    for (mode, bindings) in app.keys.help() {
        lines.push(Line::styled(mode.title(), theme::heading()));
        for (keys, what) in bindings {
            lines.push(Line::from(vec![
                Span::styled(pad(&truncate(&format!("  {keys}"), 17), 18), theme::key()),
                Span::raw(truncate(&what, text_w)),
            ]));
        }
        lines.push(Line::default());
    }
    frame.render_widget(Paragraph::new(lines).scroll((app.help_scroll, 0)), inner);
}

fn render_actions(frame: &mut Frame, area: Rect, app: &App) {
    let rect = centered(area, 100, area.height);
    let actions = app.open_actions();
    let inner = frame_box(frame, rect, &format!("Open actions ({})", actions.len()));
    let today = app.ws.now.date_naive();
    let partner = app.ws.partner_name();
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if actions.is_empty() {
        lines.push(Line::styled("Nothing open. Well done.", theme::muted()));
    }
    for (i, a) in actions.iter().enumerate() {
        let (due, style) = match a.action.due {
            Some(d) if a.action.is_overdue(today) => (
                super::widgets::days_late((today - d).num_days()),
                Style::new().fg(theme::BAD),
            ),
            Some(d) => (relative_days(d, today), Style::new().fg(theme::WARN)),
            None => ("no date".to_string(), theme::muted()),
        };
        let owner = match a.action.owner {
            Owner::Me => "me".to_string(),
            Owner::Partner => one_line(partner, 12),
        };
        let from = format!("  {}", a.entry.at.format("%d %b"));
        let fixed = 2 + 14 + 14 + from.len();
        let text = truncate(&one_line(&a.action.text, 300), w.saturating_sub(fixed));
        lines.push(Line::from(vec![
            Span::styled(if i == app.detail { "▸ " } else { "  " }, theme::key()),
            Span::styled(pad(&due, 14), style),
            Span::styled(pad(&owner, 14), Style::new().fg(theme::ACCENT)),
            Span::raw(pad(&text, w.saturating_sub(fixed))),
            Span::styled(from, theme::muted()),
        ]));
    }
    let scroll = (app.detail as u16 + 1).saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// Rows for field `i`'s input: long fields get 2 to 4 rows, as room allows.
fn field_height(form: &Form, i: usize, multiline_rows: u16) -> u16 {
    if form.fields[i].is_multiline() {
        multiline_rows
    } else {
        1
    }
}

fn multiline_rows(form: &Form, room: u16) -> u16 {
    let n = form.fields.len() as u16;
    let multis = form.fields.iter().filter(|f| f.is_multiline()).count() as u16;
    let fixed = n * 2 + (n - multis) + 1;
    room.saturating_sub(fixed)
        .checked_div(multis)
        .map_or(1, |rows| rows.clamp(2, 4))
}

fn render_form(frame: &mut Frame, area: Rect, form: &Form, keys: &Keymap) {
    let rows = multiline_rows(form, area.height.saturating_sub(4));
    let height =
        |range: std::ops::Range<usize>| range.map(|i| field_height(form, i, rows) + 2).sum::<u16>();
    let rect = centered(area, 80, height(0..form.fields.len()) + 3);
    let inner = frame_box(frame, rect, form.title());
    // Show the fields from one that keeps the focused field on screen.
    let mut first = 0;
    while first < form.focus && height(first..form.focus + 1) + 2 > inner.height {
        first += 1;
    }
    let mut y = inner.y;
    let bottom = inner.y + inner.height.saturating_sub(2);
    let mut hidden = first;
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        let h = field_height(form, i, rows);
        if y + 1 + h > bottom {
            hidden += form.fields.len() - i;
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused {
            theme::key()
        } else {
            theme::title()
        };
        let hint = if field.hint.is_empty() {
            String::new()
        } else {
            // A hint may also name a key of the lists ("S writes a bundle").
            let modes = match &field.input {
                Input::Choice { .. } => [KeyMode::FormChoice, KeyMode::Form, KeyMode::List],
                Input::Text { .. } => [KeyMode::FormLine, KeyMode::Form, KeyMode::List],
            };
            format!("  {}", keys.fill(&modes, field.hint))
        };
        let label = Line::from(vec![
            Span::styled(if focused { "▸ " } else { "  " }, theme::key()),
            Span::styled(field.label, label_style),
            Span::styled(
                truncate(
                    &hint,
                    (inner.width as usize).saturating_sub(field.label.len() + 2),
                ),
                theme::muted(),
            ),
        ]);
        frame.render_widget(
            Paragraph::new(label),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        let input_rect = Rect {
            x: inner.x + 2,
            y: y + 1,
            width: inner.width.saturating_sub(2),
            height: h,
        };
        match &field.input {
            Input::Text { area, .. } => {
                let mut area = area.clone();
                area.set_cursor_line_style(Style::new());
                if !focused {
                    area.set_cursor_style(Style::new());
                }
                frame.render_widget(&*area, input_rect);
            }
            Input::Choice { options, index } => {
                let value = options
                    .get(*index)
                    .map(|o| one_line(o, 200))
                    .unwrap_or_default();
                let text = if focused {
                    format!("◂ {value} ▸")
                } else {
                    value
                };
                let w = input_rect.width as usize;
                frame.render_widget(
                    Paragraph::new(truncate(&text, w)).style(Style::new().fg(theme::ACCENT)),
                    input_rect,
                );
            }
        }
        if let Some((Some(at), message)) = &form.error
            && *at == i
        {
            let r = Rect {
                y: y + 1 + h,
                height: 1,
                ..input_rect
            };
            frame.render_widget(
                Paragraph::new(truncate(&one_line(message, 300), r.width as usize))
                    .style(theme::error()),
                r,
            );
        }
        y += h + 2;
    }
    let [_, last] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    let bottom_line = match &form.error {
        Some((None, message)) => Line::styled(
            truncate(&one_line(message, 300), last.width as usize),
            theme::error(),
        ),
        _ => {
            let form_keys = [KeyMode::Form];
            let mut spans = key_spans(
                keys.pairs(
                    &form_keys,
                    &[
                        (Action::Save, "save"),
                        (Action::NextField, "next field"),
                        (Action::Back, "cancel"),
                    ],
                ),
                "  ",
            );
            let next = keys.label(KeyMode::Form, &Action::NextField);
            spans.push(Span::styled(
                match hidden {
                    0 => String::new(),
                    1 => format!("   (1 more field: {next})"),
                    n => format!("   ({n} more fields: {next})"),
                },
                theme::muted(),
            ));
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(bottom_line), last);
}

fn render_brief(frame: &mut Frame, area: Rect, brief: &Brief, scroll: u16) {
    let rect = centered(area, 100, area.height);
    let inner = frame_box(frame, rect, "Brief — what to talk about");
    let lines: Vec<Line> = brief
        .outline()
        .into_iter()
        .flat_map(|l| match l {
            BriefLine::Title(t) => vec![Line::styled(t, theme::title())],
            BriefLine::Heading(h) => vec![Line::default(), Line::styled(h, theme::heading())],
            BriefLine::Item(i) => vec![Line::raw(format!("• {i}"))],
            BriefLine::Alert(a) => {
                vec![Line::styled(format!("! {a}"), Style::new().fg(theme::BAD))]
            }
            BriefLine::Note(n) => vec![Line::styled(n, theme::muted())],
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

fn scale_line(value: u8) -> Line<'static> {
    let mut spans = Vec::new();
    for v in 1..=5u8 {
        let style = if v == value {
            theme::selected().fg(theme::ACCENT)
        } else {
            theme::muted()
        };
        spans.push(Span::styled(format!(" {v} "), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::raw(format!("  {}", scale_words(value))));
    Line::from(spans)
}

fn render_checkin(frame: &mut Frame, area: Rect, w: &Wizard, keys: &Keymap) {
    let value_keys = [
        KeyMode::CheckIn,
        KeyMode::CheckInValue,
        KeyMode::CheckInScale,
    ];
    let (n, total) = w.step_number();
    let rect = centered(area, 76, 14);
    let inner = frame_box(
        frame,
        rect,
        &format!("Weekly check-in {} — step {n} of {total}", w.week),
    );
    let width = inner.width as usize;
    let mark = |on: bool| Span::styled(if on { "▸ " } else { "  " }, theme::key());
    let mut lines: Vec<Line> = Vec::new();
    let mut text_at: Option<(u16, &ratatui_textarea::TextArea<'static>)> = None;
    match w.step {
        Step::Goal(i, field) => {
            let g = &w.goals[i];
            lines.push(Line::styled(
                format!("Goal {} of {}", i + 1, w.goals.len()),
                theme::muted(),
            ));
            lines.push(Line::styled(
                truncate(&one_line(&g.title, 300), width),
                theme::title(),
            ));
            lines.push(Line::default());
            let value = if g.typed.is_empty() {
                format!("{:>3} %", g.progress)
            } else {
                format!("{:>3}_%", g.typed)
            };
            let filled = (usize::from(g.progress) / 5).min(20);
            lines.push(Line::from(vec![
                mark(field == 0),
                Span::raw("Progress  ◂ "),
                Span::styled("█".repeat(filled), Style::new().fg(theme::GOOD)),
                Span::styled("░".repeat(20 - filled), theme::muted()),
                Span::raw(format!(" {value} ▸")),
                Span::styled(
                    if g.progress == g.was {
                        String::new()
                    } else {
                        format!("  (was {} %)", g.was)
                    },
                    theme::muted(),
                ),
            ]));
            lines.push(Line::from(vec![
                mark(field == 1),
                Span::raw("State     ◂ "),
                Span::styled(state_words(g.state), Style::new().fg(theme::ACCENT)),
                Span::raw(" ▸"),
            ]));
            lines.push(Line::from(vec![mark(field == 2), Span::raw("Note")]));
            text_at = Some((lines.len() as u16, &g.note));
            lines.push(Line::default());
            lines.push(Line::default());
            lines.push(Line::styled(
                keys.fill(
                    &value_keys,
                    "{ChoicePrev}/{ChoiceNext} change · 0-9 type a value · {NextField} next field · {Accept} next",
                ),
                theme::muted(),
            ));
        }
        Step::Mood | Step::Energy => {
            let (q, v) = if w.step == Step::Mood {
                ("How do you feel this week?", w.mood)
            } else {
                ("How much energy do you have?", w.energy)
            };
            lines.push(Line::styled(q, theme::title()));
            lines.push(Line::default());
            lines.push(scale_line(v));
            lines.push(Line::default());
            let picks: Vec<String> = (1..=5)
                .map(|v| keys.label(KeyMode::CheckInScale, &Action::Pick(v)))
                .collect();
            let picks = if picks
                .iter()
                .map(String::as_str)
                .eq(["1", "2", "3", "4", "5"])
            {
                "1-5".to_string()
            } else {
                picks.join("/")
            };
            lines.push(Line::styled(
                format!(
                    "{picks} or {}",
                    keys.fill(
                        &value_keys,
                        "{ChoicePrev}/{ChoiceNext} · {Accept} next · {PrevField} back"
                    )
                ),
                theme::muted(),
            ));
        }
        Step::Win | Step::Blocker | Step::Focus => {
            let (q, area) = match w.step {
                Step::Win => ("The win of the week", &w.win),
                Step::Blocker => ("What blocked you?", &w.blocker),
                _ => ("What do you focus on next week?", &w.focus),
            };
            lines.push(Line::styled(q, theme::title()));
            lines.push(Line::default());
            text_at = Some((lines.len() as u16, area));
            lines.push(Line::default());
            lines.push(Line::default());
            lines.push(Line::styled(
                keys.fill(
                    &[KeyMode::CheckIn],
                    "Type, or leave it empty · {Accept} next · {Erase} on empty goes back",
                ),
                theme::muted(),
            ));
        }
        Step::Summary => {
            lines.push(Line::styled(
                if w.existing.is_some() {
                    "Update this week's check-in?"
                } else {
                    "Save this week's check-in?"
                },
                theme::title(),
            ));
            lines.push(Line::default());
            let name_w = width.saturating_sub(28).max(8);
            for g in &w.goals {
                let moved = if g.progress == g.was {
                    format!("{:>3} %", g.progress)
                } else {
                    format!("{} → {} %", g.was, g.progress)
                };
                lines.push(Line::from(vec![
                    Span::raw(pad(&truncate(&one_line(&g.title, 200), name_w), name_w + 1)),
                    Span::raw(pad(&moved, 12)),
                    Span::styled(state_words(g.state), Style::new().fg(theme::ACCENT)),
                ]));
            }
            lines.push(Line::raw(format!(
                "mood {} ({}) · energy {} ({})",
                w.mood,
                scale_words(w.mood),
                w.energy,
                scale_words(w.energy)
            )));
            for (label, area) in [
                ("win", &w.win),
                ("blocker", &w.blocker),
                ("focus", &w.focus),
            ] {
                let text = area.lines().join(" ");
                if !text.trim().is_empty() {
                    lines.push(Line::raw(truncate(
                        &format!("{label}: {}", one_line(&text, 300)),
                        width,
                    )));
                }
            }
            lines.push(Line::default());
            lines.push(Line::from(key_spans(
                keys.pairs(
                    &[KeyMode::CheckIn],
                    &[
                        (Action::Accept, "save"),
                        (Action::PrevField, "back"),
                        (Action::Back, "cancel"),
                    ],
                ),
                "  ",
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((row, area)) = text_at
        && row + 1 < inner.height
    {
        let r = Rect {
            x: inner.x + 2,
            y: inner.y + row,
            width: inner.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(area, r);
    }
}
