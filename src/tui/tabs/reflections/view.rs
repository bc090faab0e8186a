//! How reflections are drawn.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use crate::domain::{Reflection, Visibility};
use crate::text::{one_line, truncate};
use crate::tui::app::App;
use crate::tui::keymap::KeyMode;
use crate::tui::ui::theme;
use crate::tui::ui::widgets::{block_text, day, headline_day, row as layout_row, visibility_span};

pub fn row(r: &Reflection, w: usize, by: Option<&str>, find: &str) -> ListItem<'static> {
    let date = format!("{}  ", day(r.date, w >= 50));
    let mut right = Vec::new();
    if w >= 60 && !r.tags.is_empty() {
        right.push(Span::styled(
            truncate(&one_line(&r.hashtags(), 60), 18),
            Style::new().fg(theme::accent()),
        ));
    }
    let left = vec![
        Span::styled(date, theme::muted()),
        visibility_span(r.meta.visibility),
    ];
    ListItem::new(layout_row(left, &r.text, right, w, by, find))
}

pub fn detail(r: &Reflection, app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(headline_day(r.date), theme::title()),
        Span::raw("  "),
        visibility_span(r.meta.visibility),
    ])];
    if let Some(p) = &r.prompt {
        lines.push(Line::default());
        lines.push(Line::styled(
            one_line(p, 300),
            Style::new()
                .add_modifier(Modifier::ITALIC)
                .fg(theme::accent()),
        ));
    }
    lines.push(Line::default());
    lines.extend(block_text(&r.text));
    if !r.tags.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            one_line(&r.hashtags(), 300),
            Style::new().fg(theme::accent()),
        ));
    }
    if let Some(g) = r
        .goal
        .and_then(|id| app.ws.data.goals.iter().find(|g| g.meta.id == id))
    {
        lines.push(Line::raw(format!("about: {}", one_line(&g.title, 80))));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        app.keys.fill(
            &[KeyMode::List],
            match r.meta.visibility {
                Visibility::Private => {
                    "Private: only you see it. {ToggleVisibility} shares it with your partner."
                }
                Visibility::Shared => {
                    "Shared with your partner. {ToggleVisibility} makes it private again."
                }
            },
        ),
        theme::muted(),
    ));
    lines
}
