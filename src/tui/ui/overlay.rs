//! What is drawn over the tabs: forms, confirmations, the help and the open
//! actions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use super::widgets::picker;
use crate::domain::brief::{Brief, BriefLine};
use crate::domain::time::relative_days;
use crate::text::{one_line, pad, truncate};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::checkin::{Step, Wizard, scale_words, state_words};
use crate::tui::files::{FileDialog, Purpose};
use crate::tui::form::{Form, Input};
use crate::tui::keymap::{KeyMode, Keymap};

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    match &app.mode {
        Mode::Form(form) => render_form(frame, area, form, &app.keys),
        Mode::Confirm(c) => render_confirm(frame, area, &c.question, &app.keys),
        Mode::Help(back) => {
            // Over the mentor's first screen, when it was opened there.
            if let Mode::Mentees(at) = **back {
                render_mentees(frame, area, app, at);
            }
            render_help(frame, area, app)
        }
        Mode::Actions => render_actions(frame, area, app),
        Mode::CheckIn(wizard) => render_checkin(frame, area, wizard, &app.keys),
        Mode::Brief(brief, scroll) => render_brief(frame, area, brief, *scroll),
        Mode::Choose(chooser) => render_choose(frame, area, chooser),
        Mode::Files(dialog) => render_files(frame, area, dialog, &app.keys),
        Mode::Mentees(at) => render_mentees(frame, area, app, *at),
        Mode::Points(points) => render_points(frame, area, app, points),
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

/// How wide a box of at most `w` columns is in `area`: the whole width
/// when the terminal is not wider than the box and a margin.
fn box_width(area: Rect, w: u16) -> u16 {
    if area.width <= w + 4 { area.width } else { w }
}

/// A centred box of at most `w`×`h`, leaving the header and footer rows
/// visible; it takes the whole width when the terminal is narrow, so that no
/// stray border of what lies below shows beside it.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = box_width(area, w);
    // The header above stays in view (and the status line and footer
    // below, which `area` leaves out): what was saved or refused can be
    // read with the overlay open.
    let room = area.height.saturating_sub(1).max(1);
    let h = h.min(room).max(1);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + 1.min(area.height) + (room - h) / 2,
        width: w,
        height: h,
    }
}

fn frame_box(frame: &mut Frame, rect: Rect, title: &str) -> Rect {
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::accent()))
        .title(Span::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}

fn render_choose(frame: &mut Frame, area: Rect, chooser: &crate::tui::tabs::Chooser) {
    let width = chooser
        .options
        .iter()
        .map(|(words, _)| crate::text::width(words) + 4)
        .chain([crate::text::width(&chooser.title) + 4])
        .max()
        .unwrap_or(20) as u16;
    let rect = centered(area, width.clamp(30, 70), chooser.options.len() as u16 + 2);
    let inner = frame_box(frame, rect, &chooser.title);
    let lines: Vec<Line> = chooser
        .options
        .iter()
        .enumerate()
        .map(|(i, (words, _))| {
            let picked = i == chooser.index;
            Line::from(vec![
                picker(picked, true),
                Span::styled(
                    one_line(words, 200),
                    if picked {
                        theme::selected().fg(theme::accent())
                    } else {
                        Style::new()
                    },
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_files(frame: &mut Frame, area: Rect, dialog: &FileDialog, keys: &Keymap) {
    let box_width = box_width(area, 76);
    let width = usize::from(box_width.saturating_sub(2));
    let (title, hint) = match (dialog.purpose, &dialog.partner) {
        (Purpose::Share, Some(partner)) => (
            format!("Share with {}", one_line(partner, 40)),
            "What you shared with this pair goes in; private records never do.".to_string(),
        ),
        (Purpose::Share, None) => (
            "Share with your partner".to_string(),
            "Everything you marked shared goes in; private records never do.".to_string(),
        ),
        (Purpose::Import, _) => (
            "Import your partner's bundle".to_string(),
            keys.fill(
                &[KeyMode::List],
                "A bundle your partner wrote with {ShareExport} or `tandem share export`.",
            ),
        ),
    };
    // Each hint whole or not at all.
    let hints: Vec<Vec<String>> = [
        hint,
        format!(
            "~/… is your home; a name alone {} {}",
            match dialog.purpose {
                Purpose::Share => "goes in",
                Purpose::Import => "is looked for in",
            },
            dialog.places.show(&dialog.places.cwd)
        ),
    ]
    .iter()
    .map(|h| wrapped(h, width, 3))
    .collect();
    let error = dialog
        .error
        .as_deref()
        .map(|e| wrapped(e, width, 3))
        .unwrap_or_default();
    let offers = dialog.offers.len() as u16;
    let listing = if dialog.offers_title.is_empty() {
        0
    } else {
        2 + offers
    };
    // The label, the field, its error and the paths to pick come first;
    // the hints take what room is left.
    let room = area.height.saturating_sub(3);
    let first = 2 + error.len() as u16 + listing.min(4);
    let mut hint_room = usize::from(room.saturating_sub(first));
    let hints: Vec<String> = hints
        .into_iter()
        .take_while(|h| {
            let fits = h.len() <= hint_room;
            hint_room = hint_room.saturating_sub(h.len());
            fits
        })
        .flatten()
        .collect();
    let needed = 2 + error.len() as u16 + hints.len() as u16 + listing + 2;
    let rect = centered(area, 76, needed);
    let inner = frame_box(frame, rect, &title);
    let mut rows = inner;
    let label = Line::from(vec![
        Span::styled("▸ ", theme::key()),
        Span::styled("File", theme::key()),
    ]);
    frame.render_widget(Paragraph::new(label), take_rows(&mut rows, 1));
    let field = take_rows(&mut rows, 1);
    let field = Rect {
        x: field.x + 2,
        width: field.width.saturating_sub(2),
        ..field
    };
    let mut input = (*dialog.input).clone();
    input.set_cursor_line_style(Style::new());
    input.set_selection_style(theme::selected());
    frame.render_widget(&input, field);
    let error_rows = take_rows(&mut rows, error.len() as u16);
    let error: Vec<Line> = error
        .into_iter()
        .map(|l| Line::styled(l, Style::new().fg(theme::bad())))
        .collect();
    frame.render_widget(Paragraph::new(error), error_rows);
    let hint_rows = take_rows(&mut rows, hints.len() as u16);
    let hints: Vec<Line> = hints
        .into_iter()
        .map(|l| Line::styled(l, theme::muted()))
        .collect();
    frame.render_widget(Paragraph::new(hints), hint_rows);
    if listing == 0 {
        return;
    }
    take_rows(&mut rows, 1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(&dialog.offers_title, width),
            theme::title(),
        )),
        take_rows(&mut rows, 1),
    );
    if rows.height == 0 {
        return;
    }
    // The list scrolls to keep the picked path in view.
    let room = usize::from(rows.height);
    let picked = dialog.picked.unwrap_or(0);
    let first = picked.saturating_sub(room.saturating_sub(1));
    let lines: Vec<Line> = dialog
        .offers
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, offer)| {
            let is_picked = dialog.picked == Some(i);
            // When the path and what it is do not both fit, the path.
            let text_w = crate::text::width(&offer.text);
            let about = if text_w + 3 + crate::text::width(&offer.about) <= width || width >= 60 {
                offer.about.as_str()
            } else {
                ""
            };
            let about_w = crate::text::width(about);
            let text_w = width.saturating_sub(3 + about_w);
            let style = if is_picked {
                theme::selected().fg(theme::accent())
            } else {
                Style::new()
            };
            Line::from(vec![
                picker(is_picked, true),
                Span::styled(
                    pad(&crate::text::truncate_start(&offer.text, text_w), text_w),
                    style,
                ),
                Span::raw(" "),
                Span::styled(about.to_string(), theme::muted()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);
}

/// The top `h` rows of `rows` (fewer if it has fewer), taken off it.
fn take_rows(rows: &mut Rect, h: u16) -> Rect {
    let h = h.min(rows.height);
    let top = Rect { height: h, ..*rows };
    rows.y += h;
    rows.height -= h;
    top
}

fn render_confirm(frame: &mut Frame, area: Rect, question: &str, keys: &Keymap) {
    let width = box_width(area, 60);
    let text = wrapped(question, usize::from(width.saturating_sub(2)), 6);
    let rect = centered(area, 60, text.len() as u16 + 4);
    let inner = frame_box(frame, rect, "Confirm");
    let answers = keys.pairs(
        &[KeyMode::Confirm],
        &[(Action::Yes, "yes"), (Action::No, "no")],
    );
    let mut lines: Vec<Line> = text.into_iter().map(Line::raw).collect();
    lines.push(Line::default());
    lines.push(Line::from(key_spans(answers, "   ")));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The help's box in `area`: wide enough for its lines where the screen allows.
pub fn help_rect(area: Rect, keys: &Keymap) -> Rect {
    let widest = keys
        .help()
        .iter()
        .flat_map(|(_, lines)| lines.iter().map(|(_, what)| 18 + crate::text::width(what)))
        .max()
        .unwrap_or(0);
    centered(area, (widest as u16 + 2).clamp(76, 110), area.height)
}

/// The help's lines at `width` columns: per mode, its keys and what they
/// do, a description too long for the row going on below, indented.
/// On a partner's record, only what works on it (their records are
/// read-only here; an action of the user's on their meeting can be ticked).
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let keys = &app.keys;
    let text_w = width.saturating_sub(18).max(10);
    let mut lines = Vec::new();
    let partners = app.selection_is_partners();
    if partners {
        let name = app
            .selected_record()
            .and_then(|r| app.ws.other_author(r.meta().author).map(str::to_string))
            .unwrap_or_else(|| "your partner".to_string());
        for part in wrapped(
            &format!(
                "Shared by {}: read-only here, so only what works on it is listed.",
                one_line(&name, 40)
            ),
            width.saturating_sub(2).max(10),
            3,
        ) {
            lines.push(Line::styled(format!("  {part}"), theme::muted()));
        }
        lines.push(Line::default());
    }
    let keep = |a: &Action| {
        app.offers(a) && !(partners && super::changes_the_selection(a) && *a != Action::Toggle)
    };
    for (mode, bindings) in keys.help_of(keep) {
        if mode == KeyMode::Mentees && !app.ws.has_mentees() {
            continue;
        }
        lines.push(Line::styled(mode.title(), theme::heading()));
        for (keys, what) in bindings {
            for (k, part) in wrapped(&what, text_w, 3).into_iter().enumerate() {
                let keys = if k == 0 {
                    pad(&truncate(&format!("  {keys}"), 17), 18)
                } else {
                    " ".repeat(18)
                };
                lines.push(Line::from(vec![
                    Span::styled(keys, theme::key()),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::default());
    }
    lines
}

/// A box's bottom border saying there is more below, when there is.
fn more_below(block: Block<'static>, shown_to: usize, total: usize) -> Block<'static> {
    if shown_to < total {
        block.title_bottom(Span::styled(" ▾ more below ", theme::muted()))
    } else {
        block
    }
}

fn render_help(frame: &mut Frame, area: Rect, app: &App) {
    let rect = help_rect(area, &app.keys);
    let close = app.keys.label(KeyMode::Help, &Action::Back);
    let lines = help_lines(app, usize::from(rect.width.saturating_sub(2)));
    let height = usize::from(rect.height.saturating_sub(2));
    let scroll = usize::from(app.help_scroll).min(lines.len().saturating_sub(height));
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::accent()))
        .title(Span::styled(
            format!(" Keys — {close} closes "),
            theme::title(),
        ));
    let block = more_below(block, scroll + height, lines.len());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

fn render_actions(frame: &mut Frame, area: Rect, app: &App) {
    // As wide as `centered` makes it; as tall as what it lists.
    let box_width = box_width(area, 100);
    let actions = app.open_actions();
    let today = app.ws.now.date_naive();
    let w = usize::from(box_width.saturating_sub(2));
    let from_w = 2 + super::widgets::day(today, false).len();
    let fixed = 2 + 14 + 14 + from_w;
    // The text wraps in its column: nothing of it is cut.
    let text_w = w.saturating_sub(fixed).max(8);
    let mut lines: Vec<Line> = Vec::new();
    if actions.is_empty() {
        lines.push(Line::styled("Nothing open. Well done.", theme::muted()));
    }
    // Rows before each action, to keep the selected one in view.
    let mut rows_before = Vec::with_capacity(actions.len());
    for (i, a) in actions.iter().enumerate() {
        rows_before.push(lines.len());
        let (due, style) = match a.action.due {
            Some(d) if a.action.is_overdue(today) => (
                super::widgets::days_late((today - d).num_days()),
                Style::new().fg(theme::bad()),
            ),
            Some(d) => (relative_days(d, today), Style::new().fg(theme::warn())),
            None => ("no date".to_string(), theme::muted()),
        };
        let owner = one_line(&app.ws.owner_of(a.action, a.entry.meta.author), 12);
        let from = format!("  {}", super::widgets::day(a.entry.at.date_naive(), false));
        let text = wrapped(&a.action.text, text_w, 6);
        for (k, part) in text.iter().enumerate() {
            if k == 0 {
                lines.push(Line::from(vec![
                    picker(i == app.detail, true),
                    Span::styled(pad(&due, 14), style),
                    Span::styled(pad(&owner, 14), Style::new().fg(theme::accent())),
                    Span::raw(pad(part, text_w)),
                    Span::styled(from.clone(), theme::muted()),
                ]));
            } else {
                lines.push(Line::raw(format!("{}{part}", " ".repeat(30))));
            }
        }
    }
    // A row naming the columns, when there is room for it.
    let header = (!actions.is_empty() && area.height >= 12).then(|| {
        Line::styled(
            truncate(
                &format!(
                    "  {}{}{}  {}",
                    pad("due", 14),
                    pad("who", 14),
                    pad("action", text_w),
                    "agreed"
                ),
                w,
            ),
            theme::muted(),
        )
    });
    let header_rows = u16::from(header.is_some());
    let rect = centered(
        area,
        100,
        (lines.len() as u16).saturating_add(2 + header_rows),
    );
    let inner = frame_box(frame, rect, &format!("Open actions ({})", actions.len()));
    let mut list = inner;
    if let Some(header) = header {
        frame.render_widget(Paragraph::new(header), take_rows(&mut list, 1));
    }
    let scroll = scroll_to_item(&rows_before, app.detail, lines.len(), list.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), list);
}

/// How far to scroll a list of items of several rows each (item `i`
/// starts at row `rows_before[i]`, `total` rows in all) so that the
/// `selected` one is whole in `height` rows, or as much of it as fits from
/// its top.
fn scroll_to_item(rows_before: &[usize], selected: usize, total: usize, height: u16) -> u16 {
    let Some(&top) = rows_before.get(selected) else {
        return 0;
    };
    let end = rows_before.get(selected + 1).copied().unwrap_or(total);
    u16::try_from(end.saturating_sub(usize::from(height)).min(top)).unwrap_or(0)
}

/// A mentor's first screen: each mentee as a card of up to four rows —
/// name and next meeting; last check-in and last meeting; goals at risk;
/// open actions and talking points.
fn render_mentees(frame: &mut Frame, area: Rect, app: &App, at: usize) {
    let rect = Rect {
        y: area.y + 1.min(area.height),
        height: area.height.saturating_sub(1),
        ..area
    };
    let cards = &app.ws.data.cards;
    let inner = frame_box(frame, rect, &format!("Your mentees ({})", cards.len()));
    let w = usize::from(inner.width);
    let now = app.ws.now;
    let today = now.date_naive();
    let mut lines: Vec<Line> = Vec::new();
    let mut rows_before = Vec::with_capacity(cards.len());
    for (i, c) in cards.iter().enumerate() {
        rows_before.push(lines.len());
        let chosen = app.ws.pair_id() == Some(c.mentee.id);
        let name = one_line(&c.mentee.name, 40);
        let next = c.next.as_ref().map(|e| {
            format!(
                "next: {} {}",
                one_line(&e.title, 32),
                super::widgets::countdown(e, now)
            )
        });
        let mut head = vec![
            picker(i == at, true),
            Span::styled(name.clone(), theme::title()),
        ];
        if chosen {
            head.push(Span::styled(" (shown)", theme::muted()));
        }
        if let Some(next) = next {
            head.push(Span::raw("  "));
            head.push(Span::styled(next, Style::new().fg(theme::accent())));
        }
        lines.push(fit_line(head, w));
        let checkin = match &c.last_checkin {
            Some(k) => {
                let week = crate::domain::Week::of(today);
                let when = if k.week == week {
                    "this week".to_string()
                } else {
                    k.week.to_string()
                };
                format!("check-in {when}: mood {}/5, energy {}/5", k.mood, k.energy)
            }
            None => "no check-in yet".to_string(),
        };
        let met = match c.last_meeting {
            Some(at) => format!("last met {}", relative_days(at.date_naive(), today)),
            None => "no pair meeting logged".to_string(),
        };
        lines.push(fit_line(
            vec![Span::raw(format!("    {checkin} · {met}"))],
            w,
        ));
        if c.at_risk.is_empty() {
            lines.push(fit_line(
                vec![Span::styled("    no goal at risk", theme::muted())],
                w,
            ));
        } else {
            let goals: Vec<String> = c
                .at_risk
                .iter()
                .map(|(t, s)| format!("{} ({})", one_line(t, 36), state_words(*s)))
                .collect();
            lines.push(fit_line(
                vec![Span::styled(
                    format!("    ! {}", goals.join(", ")),
                    Style::new().fg(theme::bad()),
                )],
                w,
            ));
        }
        let actions = format!(
            "    {}",
            crate::domain::time::plural(c.open_actions as i64, "open action")
        );
        let mut last = vec![Span::raw(actions)];
        if c.overdue > 0 {
            last.push(Span::styled(
                format!(", {} overdue", c.overdue),
                Style::new().fg(theme::bad()),
            ));
        }
        last.push(Span::raw(format!(
            " · {}",
            crate::domain::time::plural(c.points as i64, "talking point")
        )));
        lines.push(fit_line(last, w));
        lines.push(Line::default());
    }
    if cards.is_empty() {
        lines.push(Line::styled("No mentees yet.", theme::muted()));
    }
    let scroll = scroll_to_item(&rows_before, at, lines.len(), inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// A line of spans cut to `width` columns (the last span that does not fit
/// is truncated with "…", the rest dropped).
fn fit_line(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = crate::text::width(&span.content);
        if used + w <= width {
            used += w;
            out.push(span);
        } else {
            let rest = width.saturating_sub(used);
            if rest > 0 {
                out.push(Span::styled(truncate(&span.content, rest), span.style));
            }
            break;
        }
    }
    Line::from(out)
}

/// The pair's talking points: open ones, longest waiting first, and the
/// field for a new one while it is typed.
fn render_points(frame: &mut Frame, area: Rect, app: &App, points: &crate::tui::agenda::Points) {
    let box_w = box_width(area, 90);
    let w = usize::from(box_w.saturating_sub(2));
    let items = &app.ws.data.points;
    let mut lines: Vec<Line> = Vec::new();
    let mut rows_before = Vec::with_capacity(items.len());
    let text_w = w.saturating_sub(4).max(8);
    for (i, wp) in items.iter().enumerate() {
        rows_before.push(lines.len());
        let p = &wp.point;
        let who = app
            .ws
            .other_author(p.meta.author)
            .map_or("you".to_string(), |n| one_line(n, 24));
        let waited = match wp.waited {
            0 => String::new(),
            1 => " · waited 1 meeting".to_string(),
            n => format!(" · waited {n} meetings"),
        };
        let raised = super::widgets::day(
            p.meta
                .created
                .with_timezone(app.ws.now.offset())
                .date_naive(),
            false,
        );
        let focused = points.input.is_none();
        for (k, part) in wrapped(&p.text, text_w, 4).into_iter().enumerate() {
            lines.push(if k == 0 {
                Line::from(vec![picker(i == points.selected, focused), Span::raw(part)])
            } else {
                Line::raw(format!("  {part}"))
            });
        }
        let style = if wp.waited >= 2 {
            Style::new().fg(theme::warn())
        } else {
            theme::muted()
        };
        lines.push(fit_line(
            vec![Span::styled(format!("  {who}, {raised}{waited}"), style)],
            w,
        ));
    }
    if items.is_empty() {
        lines.push(Line::styled(
            app.keys.fill(
                &[KeyMode::Points],
                "Nothing to talk about yet: {New} raises a point for the next meeting.",
            ),
            theme::muted(),
        ));
    }
    let field_rows: u16 = if points.input.is_some() { 3 } else { 0 };
    let title = match &app.ws.pair {
        Some(p) => format!(
            "Talking points — {}'s pair ({})",
            one_line(&p.name, 24),
            items.len()
        ),
        None => format!("Talking points ({})", items.len()),
    };
    let rect = centered(
        area,
        90,
        (lines.len() as u16).saturating_add(2 + field_rows),
    );
    let inner = frame_box(frame, rect, &title);
    let mut list = inner;
    if let Some(input) = &points.input {
        let field_area = Rect {
            y: inner.y + inner.height.saturating_sub(field_rows.min(inner.height)),
            height: field_rows.min(inner.height),
            ..inner
        };
        list.height = list.height.saturating_sub(field_area.height);
        let mut input = (**input).clone();
        input.set_cursor_line_style(Style::new());
        input.set_block(
            Block::bordered()
                .border_style(theme::muted())
                .title(Span::styled(" New point ", theme::title())),
        );
        frame.render_widget(&input, field_area);
    }
    let scroll = scroll_to_item(&rows_before, points.selected, lines.len(), list.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), list);
}

/// How many rows `text` takes wrapped at word boundaries to `width`
/// columns (a word longer than the width is cut), as a text field and
/// the detail panes wrap it.
pub(super) fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|line| {
            let mut rows = 1;
            let mut used = 0;
            for word in line.split(' ') {
                let w = crate::text::width(word);
                let need = if used == 0 { w } else { used + 1 + w };
                if need <= width {
                    used = need;
                } else if w <= width {
                    rows += 1;
                    used = w;
                } else {
                    // A long word runs over several rows.
                    let before = if used == 0 { 0 } else { used + 1 };
                    let total = before + w;
                    rows += (total - 1) / width;
                    used = total % width;
                }
            }
            rows
        })
        .sum()
}

/// Lines of `message` wrapped to `width`, at most `max` of them.
/// The words of `text`, a date kept as one ("due 11 Nov", "3 Dec 2026"):
/// a line may break between words, never inside a date.
fn unbroken(text: &str) -> Vec<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let is_day = |w: &str| !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
    let is_month = |w: &str| MONTHS.contains(&w.trim_end_matches([',', '.', ')', ';']));
    let is_year = |w: &str| {
        let w = w.trim_end_matches([',', '.', ')', ';']);
        w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
    };
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&str> = None;
    for word in text.split(' ') {
        let glue = match prev {
            Some(p) => {
                (is_day(p) && is_month(word))
                    || (is_month(p) && is_year(word))
                    || (p == "due" && !word.is_empty())
            }
            None => false,
        };
        match out.last_mut() {
            Some(last) if glue => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
        prev = Some(word);
    }
    out
}

pub(super) fn wrapped(message: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let text = one_line(message, 2_000);
    let mut used = 0;
    for word in unbroken(&text) {
        let w = crate::text::width(&word);
        if !line.is_empty() && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        line.push_str(&word);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = truncate(&format!("{last} …"), width);
        }
    }
    lines.into_iter().map(|l| truncate(&l, width)).collect()
}

/// How the fields of a form are laid out: the rows each one's input takes,
/// and which fields are on screen.
struct FormLayout {
    /// Rows of each field's input.
    heights: Vec<u16>,
    /// Rows under each field: its error message, the focused field's hint
    /// when it is too long to stand beside the label, or one row of space.
    below: Vec<Vec<String>>,
    /// Whether the focused field's rows below hold its hint.
    hint_below: bool,
    first: usize,
    /// One past the last field on screen.
    end: usize,
}

impl FormLayout {
    fn rows(&self, i: usize) -> u16 {
        1 + self.heights[i] + (self.below[i].len() as u16).max(1)
    }

    fn span(&self, range: std::ops::Range<usize>) -> u16 {
        range.map(|i| self.rows(i)).sum()
    }

    /// Each field at the size it wants (a long text as many rows as it
    /// takes, up to 8), shrunk until the form fits in `room` rows if it can,
    /// the focused field last; then the fields to show, around the focused
    /// one, from the first when all fit.
    fn new(
        form: &Form,
        input_width: usize,
        room: u16,
        hint_under: Option<Vec<String>>,
    ) -> FormLayout {
        let mut below: Vec<Vec<String>> = (0..form.fields.len())
            .map(|i| match &form.error {
                Some((Some(at), message)) if *at == i => wrapped(message, input_width, 3),
                _ => Vec::new(),
            })
            .collect();
        // A hint under the focused field, where no error is.
        let mut hint_below = false;
        if let Some(hint) = hint_under
            && let Some(slot) = below.get_mut(form.focus)
            && slot.is_empty()
        {
            *slot = hint;
            hint_below = true;
        }
        let heights: Vec<u16> = form
            .fields
            .iter()
            .map(|f| match &f.input {
                Input::Text {
                    multiline: true, ..
                } => (wrapped_rows(&f.value(), input_width) + 1).clamp(2, 8) as u16,
                Input::Checks { options, .. } => options.len().clamp(1, 6) as u16,
                _ => 1,
            })
            .collect();
        let mut layout = FormLayout {
            heights,
            below,
            hint_below,
            first: 0,
            end: form.fields.len(),
        };
        let n = form.fields.len();
        while layout.span(0..n) > room {
            let shrink = (0..n)
                .filter(|&i| layout.heights[i] > 2 && i != form.focus)
                .max_by_key(|&i| layout.heights[i])
                .or((layout.heights[form.focus] > 2).then_some(form.focus));
            match shrink {
                Some(i) => layout.heights[i] -= 1,
                None => break,
            }
        }
        while layout.first < form.focus && layout.span(layout.first..form.focus + 1) > room {
            layout.first += 1;
        }
        layout.end = form.focus + 1;
        while layout.end < n && layout.span(layout.first..layout.end + 1) <= room {
            layout.end += 1;
        }
        layout
    }
}

/// A field's hint, its key names filled in ("S writes a bundle").
fn field_hint(field: &crate::tui::form::Field, keys: &Keymap) -> String {
    let hint = field.hint_now();
    if hint.is_empty() {
        return String::new();
    }
    let modes = match &field.input {
        Input::Choice { .. } => [KeyMode::FormChoice, KeyMode::Form, KeyMode::List],
        Input::Text { .. } => [KeyMode::FormLine, KeyMode::Form, KeyMode::List],
        Input::Checks { .. } => [KeyMode::FormChecks, KeyMode::Form, KeyMode::List],
    };
    keys.fill(&modes, hint)
}

fn render_form(frame: &mut Frame, area: Rect, form: &Form, keys: &Keymap) {
    let box_width = box_width(area, 80);
    let input_width = usize::from(box_width.saturating_sub(4));
    // The focused field's hint, when it does not fit beside its label.
    let hint_under = form.fields.get(form.focus).and_then(|field| {
        let hint = field_hint(field, keys);
        let beside = 2 + crate::text::width(field.label) + 2 + crate::text::width(&hint);
        (!hint.is_empty() && beside > input_width + 2).then(|| wrapped(&hint, input_width, 2))
    });
    let bottom = match &form.error {
        Some((None, message)) => wrapped(message, input_width + 2, 3),
        _ => Vec::new(),
    };
    let bottom_rows = (bottom.len() as u16).max(1);
    // The room for fields: the screen less the header, footer, borders and
    // the bottom line.
    let room = area.height.saturating_sub(4 + bottom_rows);
    let layout = FormLayout::new(form, input_width, room, hint_under);
    let needed = layout.span(layout.first..layout.end) + bottom_rows + 2;
    let rect = centered(area, 80, needed);
    let inner = frame_box(frame, rect, form.title());
    let mut y = inner.y;
    let fields_end = inner.y + inner.height.saturating_sub(bottom_rows);
    for (i, field) in form
        .fields
        .iter()
        .enumerate()
        .take(layout.end)
        .skip(layout.first)
    {
        let h = layout.heights[i];
        if y + 1 + h > fields_end {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused {
            theme::key()
        } else {
            theme::title()
        };
        // The focused field's hint goes under it when it does not fit
        // beside the label.
        let hint = if focused && layout.hint_below {
            String::new()
        } else {
            format!("  {}", field_hint(field, keys))
        };
        let label = Line::from(vec![
            picker(focused, true),
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
            Input::Text { area, .. } if focused => {
                let mut area = area.clone();
                area.set_cursor_line_style(Style::new());
                frame.render_widget(&*area, input_rect);
            }
            Input::Text { .. } => {
                // A field not being edited shows its start, wrapped as the
                // detail pane wraps it.
                let text = crate::text::sanitize(&field.value(), true);
                frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), input_rect);
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
                    Paragraph::new(truncate(&text, w)).style(Style::new().fg(theme::accent())),
                    input_rect,
                );
            }
            Input::Checks {
                options,
                checked,
                index,
            } => {
                // The options around the cursor, as many as there are rows.
                let rows = usize::from(h).max(1);
                let start = (*index + 1).saturating_sub(rows);
                let w = input_rect.width as usize;
                let lines: Vec<Line> = options
                    .iter()
                    .zip(checked)
                    .enumerate()
                    .skip(start)
                    .take(rows)
                    .map(|(i, (option, on))| {
                        let mark = if focused && i == *index { "▸ " } else { "  " };
                        let text = format!("{}{option}", if *on { "[x] " } else { "[ ] " });
                        Line::from(vec![
                            Span::styled(mark, theme::key()),
                            Span::styled(
                                truncate(&text, w.saturating_sub(2)),
                                Style::new().fg(theme::accent()),
                            ),
                        ])
                    })
                    .collect();
                frame.render_widget(Paragraph::new(lines), input_rect);
            }
        }
        for (k, line) in layout.below[i].iter().enumerate() {
            let row = y + 1 + h + k as u16;
            if row >= fields_end {
                break;
            }
            let style = if focused && layout.hint_below {
                theme::muted()
            } else {
                theme::error()
            };
            frame.render_widget(
                Paragraph::new(line.as_str()).style(style),
                Rect {
                    y: row,
                    height: 1,
                    ..input_rect
                },
            );
        }
        y += layout.rows(i);
    }
    let last = Rect {
        y: inner.y + inner.height.saturating_sub(bottom_rows),
        height: bottom_rows.min(inner.height),
        ..inner
    };
    let bottom_lines: Vec<Line> = if bottom.is_empty() {
        let form_keys = [KeyMode::Form];
        // Whole pairs only: those that fit in the box's width.
        let room = usize::from(last.width);
        let mut used = 0;
        let pairs: Vec<(String, &'static str)> = keys
            .pairs(
                &form_keys,
                &[
                    (Action::Save, "save"),
                    (Action::NextField, "next field"),
                    (Action::Back, "cancel"),
                ],
            )
            .into_iter()
            .take_while(|(key, words)| {
                used += crate::text::width(key) + 1 + words.len() + 2;
                used <= room + 2
            })
            .collect();
        let mut spans = key_spans(pairs, "  ");
        let (above, below) = (layout.first, form.fields.len() - layout.end);
        let next = keys.label(KeyMode::Form, &Action::NextField);
        let prev = keys.label(KeyMode::Form, &Action::PrevField);
        let more = match (above, below) {
            (0, 0) => String::new(),
            (0, n) => format!("   ({n} more below: {next})"),
            (n, 0) => format!("   ({n} more above: {prev})"),
            (a, b) => format!("   ({a} more above, {b} below)"),
        };
        let more = if used + crate::text::width(&more) <= room + 2 {
            more
        } else {
            // Where the keys take the row, what is hidden comes first.
            spans.clear();
            more.trim_start().to_string()
        };
        spans.push(Span::styled(more, theme::muted()));
        vec![Line::from(spans)]
    } else {
        bottom
            .into_iter()
            .map(|l| Line::styled(l, theme::error()))
            .collect()
    };
    frame.render_widget(Paragraph::new(bottom_lines), last);
}

/// The brief's box in `area`.
pub fn brief_rect(area: Rect) -> Rect {
    centered(area, 100, area.height)
}

/// The brief's lines at `width` columns, wrapped: an item or an alert
/// that runs over goes on under its text, not under its bullet.
pub fn brief_lines(brief: &Brief, width: usize) -> Vec<Line<'static>> {
    let hanging = |mark: &str, text: &str, style: Style| -> Vec<Line<'static>> {
        wrapped(text, width.saturating_sub(2).max(10), 50)
            .into_iter()
            .enumerate()
            .map(|(k, part)| {
                let lead = if k == 0 { mark } else { " " };
                Line::styled(format!("{lead} {part}"), style)
            })
            .collect()
    };
    brief
        .outline()
        .into_iter()
        .flat_map(|l| match l {
            BriefLine::Title(t) => vec![Line::styled(t, theme::title())],
            BriefLine::Heading(h) => vec![Line::default(), Line::styled(h, theme::heading())],
            BriefLine::Item(i) => hanging("•", &i, Style::new()),
            BriefLine::Alert(a) => hanging("!", &a, Style::new().fg(theme::bad())),
            BriefLine::Note(n) => wrapped(&n, width.max(10), 50)
                .into_iter()
                .map(|part| Line::styled(part, theme::muted()))
                .collect(),
        })
        .collect()
}

fn render_brief(frame: &mut Frame, area: Rect, brief: &Brief, scroll: u16) {
    let rect = brief_rect(area);
    let lines = brief_lines(brief, usize::from(rect.width.saturating_sub(2)));
    // A short brief gets a box its size.
    let rect = centered(
        area,
        rect.width,
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX),
    );
    let height = usize::from(rect.height.saturating_sub(2));
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(height));
    let block = Block::bordered()
        .border_style(Style::new().fg(theme::accent()))
        .title(Span::styled(" Brief — what to talk about ", theme::title()));
    let block = more_below(block, scroll + height, lines.len());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

fn scale_line(value: u8) -> Line<'static> {
    let mut spans = Vec::new();
    for v in 1..=5u8 {
        let style = if v == value {
            theme::selected().fg(theme::accent())
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
    let title = format!("Weekly check-in {} — step {n} of {total}", w.week);
    let title = if crate::text::width(&title) + 4 <= usize::from(rect.width) {
        title
    } else {
        format!("Check-in {} · {n}/{total}", w.week)
    };
    let inner = frame_box(frame, rect, &title);
    let width = inner.width as usize;
    let mark = |on: bool| picker(on, true);
    let mut lines: Vec<Line> = Vec::new();
    let mut text_at: Option<(u16, &ratatui_textarea::TextArea<'static>)> = None;
    match w.step {
        Step::Goal(i, field) => {
            let g = &w.goals[i];
            step_heading(
                &mut lines,
                format!("Goal {} of {}", i + 1, w.goals.len()),
                &one_line(&g.title, 300),
                width,
            );
            lines.push(Line::default());
            let value = format!("{:>3} %", g.progress);
            // The bar takes what is left of the row, 5 to 20 cells.
            let cells = width.saturating_sub(30).clamp(5, 20);
            let filled = (usize::from(g.progress) * cells / 100).min(cells);
            lines.push(Line::from(vec![
                mark(field == 0),
                Span::raw("Progress  ◂ "),
                Span::styled("█".repeat(filled), Style::new().fg(theme::good())),
                Span::styled("░".repeat(cells - filled), theme::muted()),
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
                Span::styled(state_words(g.state), Style::new().fg(theme::accent())),
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
        Step::Mentee(i, field) => {
            let m = &w.mentees[i];
            step_heading(
                &mut lines,
                format!("Mentoring {} of {}", i + 1, w.mentees.len()),
                &one_line(&m.name, 100),
                width,
            );
            lines.push(Line::default());
            let (q, area) = if field == 0 {
                ("How did the mentoring go this week?", &m.went)
            } else {
                ("A note for next time", &m.next)
            };
            lines.push(Line::from(vec![mark(true), Span::raw(q)]));
            text_at = Some((lines.len() as u16, area));
            lines.push(Line::default());
            lines.push(Line::default());
            lines.push(Line::styled(
                keys.fill(
                    &[KeyMode::CheckIn],
                    "Only you see these · {NextField} next field · {Accept} next mentee",
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
                    Span::styled(state_words(g.state), Style::new().fg(theme::accent())),
                ]));
            }
            for m in &w.mentees {
                let went = one_line(&m.went.lines().join(" "), 300);
                let next = one_line(&m.next.lines().join(" "), 300);
                let said = match (went.trim().is_empty(), next.trim().is_empty()) {
                    (true, true) => "—".to_string(),
                    (false, true) => went,
                    (true, false) => format!("next time: {next}"),
                    (false, false) => format!("{went}; next time: {next}"),
                };
                lines.push(Line::raw(truncate(
                    &format!("{}: {said}", one_line(&m.name, 40)),
                    width,
                )));
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

/// A check-in step's heading: where the wizard is, muted, then what the
/// step is about, cut to `width`.
fn step_heading(lines: &mut Vec<Line<'static>>, counter: String, title: &str, width: usize) {
    lines.push(Line::styled(counter, theme::muted()));
    lines.push(Line::styled(truncate(title, width), theme::title()));
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_is_never_split_over_two_lines() {
        let text = "Call the Skopje director — you, 13 days late, due 11 Nov";
        for width in 20..60 {
            for line in super::wrapped(text, width, 10) {
                assert!(
                    !line.ends_with("11") && !line.starts_with("Nov"),
                    "{width}: {line:?}"
                );
                assert!(!line.ends_with("due"), "{width}: {line:?}");
            }
        }
        assert_eq!(
            super::unbroken("on 3 Dec 2026, due 4 Jan"),
            ["on", "3 Dec 2026,", "due 4 Jan"]
        );
    }
}
