//! A tab on screen: its list and the detail of the selected row, side by
//! side when the terminal is wide, stacked when it is tall, the list alone
//! (the detail on Enter) when it is neither. What a row and a detail show is
//! the tab's (see [`crate::tui::tabs::TabDef`]).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::theme;
use super::widgets::block;
use crate::text::one_line;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::KeyMode;

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

fn render_list(frame: &mut Frame, area: Rect, app: &App) {
    let tab = app.tab;
    let def = tab.def();
    let state = app.tab_state(tab);
    let visible = &state.visible;
    let loaded = def.len(&app.ws.data);
    // A long list is read a window at a time; its title counts it all.
    let total = app
        .ws
        .data
        .totals
        .get(&def.kind())
        .copied()
        .unwrap_or(loaded)
        .max(loaded);
    let count = if state.filter.is_empty() || visible.len() == total {
        format!("{total}")
    } else {
        format!("{} of {total}", visible.len())
    };
    let focused = matches!(app.mode, Mode::Normal | Mode::Filter);
    let shown_filter = if state.filter.is_empty() {
        String::new()
    } else {
        format!(" /{}", one_line(&state.filter, 20))
    };
    let outer = block(
        format!(" {} ({count}){shown_filter} ", def.title()),
        focused,
    );
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let w = inner.width.saturating_sub(2) as usize;
    if visible.is_empty() {
        let text = if total == 0 {
            def.empty_text(app)
        } else {
            app.keys.fill(
                &[KeyMode::List],
                "Nothing matches the filter. {Back} clears it.",
            )
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
    let selected = state.selected.min(visible.len() - 1);
    let offset = (selected + 1).saturating_sub(height);
    let window = &visible[offset..(offset + height).min(visible.len())];
    let items: Vec<ListItem> = window.iter().map(|&i| def.row(app, i, w)).collect();
    let mut list_state = ListState::default().with_selected(Some(selected - offset));
    let list = List::new(items).highlight_symbol("▸ ").highlight_style(
        Style::new()
            .add_modifier(Modifier::BOLD)
            .fg(theme::accent()),
    );
    frame.render_stateful_widget(list, inner, &mut list_state);
}

fn render_detail(frame: &mut Frame, area: Rect, app: &App) {
    let focused = matches!(app.mode, Mode::Detail);
    let def = app.tab.def();
    let row = app.selected_index(app.tab);
    let outer = block(format!(" {} ", def.about().detail_title), focused);
    let mut inner = outer.inner(area);
    frame.render_widget(outer, area);
    let Some(row) = row else {
        frame.render_widget(
            Paragraph::new(vec![Line::styled("Nothing selected.", theme::muted())])
                .wrap(Wrap { trim: false }),
            inner,
        );
        return;
    };
    let mut lines = def.detail(app, row, usize::from(inner.width.max(1)), focused);
    if let Some(by) = app.ws.other_author(def.meta(&app.ws.data, row).author) {
        lines.insert(
            0,
            Line::styled(
                format!("by {} — shared with you, read-only", one_line(by, 40)),
                Style::new()
                    .fg(theme::accent())
                    .add_modifier(Modifier::ITALIC),
            ),
        );
    }
    let text_rows: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(usize::from(inner.width.max(1))))
        .sum();
    inner = def.below_detail(
        frame,
        inner,
        app,
        row,
        u16::try_from(text_rows).unwrap_or(u16::MAX),
    );
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
