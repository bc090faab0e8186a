//! Forms: one per kind of record (and the first-run profile). Text fields are
//! ratatui-textarea editors; choice fields cycle through their values. A form
//! turns itself into a record, or into the field that is wrong and why.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime};
use ratatui_textarea::TextArea;

use crate::domain::AnyRecord;
use crate::domain::time::{self, localize};
use crate::domain::{
    AgreedAction, Audience, Consultation, EventKind, Goal, Id, JournalEntry, Labelled, Milestone,
    Owner, Profile, Programme, Reflection, Role, ValidationError, Visibility,
};

/// What a form makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Profile,
    Goal,
    Journal,
    Reflection,
    Consultation,
}

pub enum Input {
    Text {
        area: Box<TextArea<'static>>,
        multiline: bool,
    },
    Choice {
        options: Vec<String>,
        index: usize,
    },
    /// Several options, each ticked or not (the goals a meeting was about).
    Checks {
        options: Vec<String>,
        checked: Vec<bool>,
        /// The option the cursor is on.
        index: usize,
    },
}

/// Every field of every form, by name: what the form's code reads and
/// where an error is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Name,
    Role,
    Partner,
    Programme,
    From,
    To,
    Title,
    Why,
    Criteria,
    Target,
    Milestones,
    Visibility,
    When,
    Kind,
    With,
    Notes,
    PrivateNotes,
    Actions,
    Prompt,
    Text,
    Tags,
    Date,
    Audience,
    Start,
    End,
    Place,
    /// The goals a meeting or a reflection is about.
    Goals,
}

pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    /// A short line under the field: the format it takes.
    pub hint: &'static str,
    /// The domain's names for this field in validation errors.
    pub keys: &'static [&'static str],
    pub input: Input,
    /// For a choice: a hint for each option, in place of `hint`.
    option_hints: Vec<&'static str>,
    /// For a choice or checks of records (goals): the id of each option.
    pub ids: Vec<Id>,
}

impl Field {
    fn text(
        id: FieldId,
        label: &'static str,
        hint: &'static str,
        keys: &'static [&'static str],
        value: &str,
        multiline: bool,
    ) -> Field {
        let lines: Vec<String> = if value.is_empty() {
            vec![String::new()]
        } else {
            value.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        if multiline {
            // Long text wraps to the field, as the detail pane shows it.
            area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        }
        Field {
            id,
            label,
            hint,
            keys,
            input: Input::Text {
                area: Box::new(area),
                multiline,
            },
            option_hints: Vec::new(),
            ids: Vec::new(),
        }
    }

    fn choice(
        id: FieldId,
        label: &'static str,
        hint: &'static str,
        options: Vec<String>,
        index: usize,
    ) -> Field {
        Field {
            id,
            label,
            hint,
            keys: &[],
            input: Input::Choice { options, index },
            option_hints: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// A field of options each ticked or not.
    fn checks(
        id: FieldId,
        label: &'static str,
        hint: &'static str,
        options: Vec<String>,
        checked: Vec<bool>,
    ) -> Field {
        Field {
            id,
            label,
            hint,
            keys: &[],
            input: Input::Checks {
                options,
                checked,
                index: 0,
            },
            option_hints: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// The hint for what the field holds now.
    pub fn hint_now(&self) -> &'static str {
        match &self.input {
            Input::Choice { index, .. } => {
                self.option_hints.get(*index).copied().unwrap_or(self.hint)
            }
            _ => self.hint,
        }
    }

    /// The ids of the ticked options (checks), or of the chosen one (a choice).
    pub fn chosen_ids(&self) -> Vec<Id> {
        match &self.input {
            Input::Checks { checked, .. } => self
                .ids
                .iter()
                .zip(checked)
                .filter(|(_, c)| **c)
                .map(|(id, _)| *id)
                .collect(),
            Input::Choice { index, .. } => self
                .ids
                .get(*index)
                .copied()
                .filter(|id| id.to_u128() != 0)
                .into_iter()
                .collect(),
            Input::Text { .. } => Vec::new(),
        }
    }

    /// Ticks or unticks the option the cursor is on (checks).
    pub fn toggle(&mut self) {
        if let Input::Checks { checked, index, .. } = &mut self.input
            && let Some(c) = checked.get_mut(*index)
        {
            *c = !*c;
        }
    }

    /// Whether the user types into the field (not a choice).
    pub fn is_text(&self) -> bool {
        matches!(self.input, Input::Text { .. })
    }

    /// The field's value as text (a choice: its selected option).
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text { area, .. } => area.lines().join("\n"),
            Input::Choice { options, index } => options.get(*index).cloned().unwrap_or_default(),
            Input::Checks {
                options, checked, ..
            } => options
                .iter()
                .zip(checked)
                .filter(|(_, c)| **c)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(
            self.input,
            Input::Text {
                multiline: true,
                ..
            }
        )
    }

    /// Replaces a text field's contents (after $EDITOR).
    pub fn set_text(&mut self, value: &str) {
        if let Input::Text { multiline, .. } = self.input {
            *self = Field::text(
                self.id,
                self.label,
                self.hint,
                self.keys,
                value.trim_end_matches('\n'),
                multiline,
            );
        }
    }

    /// The next or previous option (a choice), or moves the cursor (checks).
    pub fn cycle(&mut self, forward: bool) {
        match &mut self.input {
            Input::Choice { options, index } | Input::Checks { options, index, .. } => {
                let n = options.len().max(1);
                *index = if forward {
                    (*index + 1) % n
                } else {
                    (*index + n - 1) % n
                };
            }
            Input::Text { .. } => {}
        }
    }
}

pub struct Form {
    pub kind: FormKind,
    /// The record being edited (None: a new one).
    pub editing: Option<Id>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A validation message, with the field it belongs to.
    pub error: Option<(Option<usize>, String)>,
    initial: Vec<String>,
}

/// What a saved form produced.
pub enum Built {
    Profile(Profile),
    Record(AnyRecord),
}

pub use crate::domain::time::Zone;

fn labels<T: Labelled>() -> Vec<String> {
    T::LABELS.iter().map(|l| l.replace('-', " ")).collect()
}

fn index_of<T: Labelled + PartialEq>(value: T) -> usize {
    T::LABELS
        .iter()
        .position(|l| *l == value.label())
        .unwrap_or(0)
}

fn pick<T: Labelled>(field: &Field) -> Option<T> {
    field.value().replace(' ', "-").parse::<T>().ok()
}

const VISIBILITY: [&str; 2] = ["shared", "private"];

fn visibility_field(v: Visibility) -> Field {
    let options = VISIBILITY.iter().map(|s| s.to_string()).collect();
    let mut field = Field::choice(
        FieldId::Visibility,
        "Visibility",
        "",
        options,
        usize::from(v == Visibility::Private),
    );
    field.option_hints = vec![
        "goes to your partner in a share bundle",
        "stays here: only you see it",
    ];
    field
}

/// The goals a meeting is about, ticked from the user's goals (`goals`:
/// active ones first); `linked` stay listed even when no longer active.
fn goals_field(goals: &[Goal], linked: &[Id]) -> Option<Field> {
    let shown: Vec<&Goal> = goals
        .iter()
        .filter(|g| g.status == crate::domain::GoalStatus::Active || linked.contains(&g.meta.id))
        .collect();
    if shown.is_empty() {
        return None;
    }
    let mut field = Field::checks(
        FieldId::Goals,
        "About goals",
        "{Toggle} ticks, {ChoicePrev}/{ChoiceNext} moves",
        shown
            .iter()
            .map(|g| crate::text::one_line(&g.title, 200))
            .collect(),
        shown.iter().map(|g| linked.contains(&g.meta.id)).collect(),
    );
    field.ids = shown.iter().map(|g| g.meta.id).collect();
    Some(field)
}

/// The goal a reflection is about: none, or one of the user's goals.
fn goal_field(goals: &[Goal], linked: Option<Id>) -> Option<Field> {
    let shown: Vec<&Goal> = goals
        .iter()
        .filter(|g| g.status == crate::domain::GoalStatus::Active || Some(g.meta.id) == linked)
        .collect();
    if shown.is_empty() {
        return None;
    }
    let mut options = vec!["(no goal)".to_string()];
    options.extend(shown.iter().map(|g| crate::text::one_line(&g.title, 200)));
    let index = linked
        .and_then(|id| shown.iter().position(|g| g.meta.id == id))
        .map_or(0, |i| i + 1);
    let mut field = Field::choice(
        FieldId::Goals,
        "About goal",
        "{ChoicePrev}/{ChoiceNext} to choose",
        options,
        index,
    );
    // "(no goal)" stands for no id: the nil id, which no record has.
    field.ids = std::iter::once(Id::from_u128(0))
        .chain(shown.iter().map(|g| g.meta.id))
        .collect();
    Some(field)
}

fn visibility_of(value: &str) -> Visibility {
    if value == "private" {
        Visibility::Private
    } else {
        Visibility::Shared
    }
}

fn fmt_datetime(at: DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// One action per line, as `[x] partner: text @2026-12-01`: the checkbox and
/// the owner are always written, so that text which itself starts with
/// "partner:" or "[x]" reads back unchanged.
fn action_line(a: &AgreedAction) -> String {
    let done = if a.done { "[x]" } else { "[ ]" };
    let owner = match a.owner {
        Owner::Me => "me",
        Owner::Partner => "partner",
    };
    let due = a.due.map(|d| format!(" @{d}")).unwrap_or_default();
    format!(
        "{done} {owner}: {}{due}",
        crate::text::one_line(&a.text, 10_000)
    )
}

/// Reads a line written by [`action_line`] or typed: an optional checkbox,
/// an optional owner, and a due date as the command line reads it
/// ([`AgreedAction::split_due`]).
fn parse_action(line: &str, today: NaiveDate) -> Result<AgreedAction, String> {
    let mut rest = line.trim();
    let mut done = false;
    if let Some((r, d)) = [("[x]", true), ("[X]", true), ("[ ]", false)]
        .into_iter()
        .find_map(|(p, d)| rest.strip_prefix(p).map(|r| (r, d)))
    {
        done = d;
        rest = r.trim_start();
    }
    let mut owner = Owner::Me;
    if let Some((r, o)) = [("partner:", Owner::Partner), ("me:", Owner::Me)]
        .into_iter()
        .find_map(|(p, o)| rest.strip_prefix(p).map(|r| (r, o)))
    {
        owner = o;
        rest = r.trim_start();
    }
    let (text, due) = AgreedAction::split_due(rest, today);
    // " @word" at the end is meant as a due date: one that does not read
    // as a date is a mistake to point at, not text to keep.
    if due.is_none()
        && let Some((_, word)) = rest.rsplit_once(" @")
        && !word.is_empty()
        && !word.starts_with(' ')
        && let Err(e) = time::parse_date(word, today)
    {
        return Err(format!("“@{word}” is not a due date: {e}"));
    }
    let mut action = AgreedAction::new(&text, owner, due);
    action.done = done;
    Ok(action)
}

fn milestone_lines(ms: &[Milestone]) -> String {
    ms.iter()
        .map(|m| {
            if m.done {
                format!("[x] {}", m.text)
            } else {
                m.text.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Form {
    fn new(kind: FormKind, editing: Option<Id>, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(Field::value).collect();
        Form {
            kind,
            editing,
            fields,
            focus: 0,
            error: None,
            initial,
        }
    }

    /// Whether field `id` still holds what it held when the form opened.
    fn unchanged(&self, id: FieldId) -> bool {
        self.index(id)
            .is_some_and(|i| self.initial.get(i) == Some(&self.fields[i].value()))
    }

    /// What to ask before the form is closed without saving: nothing when
    /// nothing would be lost (nothing changed, or only choices of a new
    /// record), else whether to discard what was typed or, when only
    /// choices of a record changed, the changes.
    pub fn discard_question(&self) -> Option<&'static str> {
        let typed = self
            .fields
            .iter()
            .enumerate()
            .any(|(i, f)| f.is_text() && self.initial.get(i) != Some(&f.value()));
        if typed {
            Some("Discard what you typed?")
        } else if !self.is_dirty() || self.editing.is_none() {
            None
        } else {
            Some("Discard your changes?")
        }
    }

    /// Whether anything was typed or chosen since the form opened.
    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .map(Field::value)
            .ne(self.initial.iter().cloned())
    }

    pub fn title(&self) -> &'static str {
        match (self.kind, self.editing.is_some()) {
            (FormKind::Profile, false) => "Welcome to tandem — who are you?",
            (FormKind::Profile, true) => "Your profile could not be read — who are you?",
            (FormKind::Goal, false) => "New goal",
            (FormKind::Goal, true) => "Edit goal",
            (FormKind::Journal, false) => "Log a meeting",
            (FormKind::Journal, true) => "Edit meeting",
            (FormKind::Reflection, false) => "New reflection",
            (FormKind::Reflection, true) => "Edit reflection",
            (FormKind::Consultation, false) => "New consultation or event",
            (FormKind::Consultation, true) => "Edit event",
        }
    }

    pub fn focused(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn prev_field(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    // ----- the forms --------------------------------------------------------

    /// Who the user is: at the first start, or (`rebuilt`: the id of a
    /// profile whose record was lost) to name a rebuilt profile again.
    pub fn profile(rebuilt: Option<Id>) -> Form {
        Form::new(
            FormKind::Profile,
            rebuilt,
            vec![
                Field::text(FieldId::Name, "Your name", "", &["name"], "", false),
                Field::choice(
                    FieldId::Role,
                    "Role",
                    "{ChoicePrev}/{ChoiceNext} to choose",
                    labels::<Role>(),
                    0,
                ),
                Field::text(
                    FieldId::Partner,
                    "Partner",
                    "your mentor's or mentee's name",
                    &["partner name"],
                    "",
                    false,
                ),
                Field::text(
                    FieldId::Programme,
                    "Programme",
                    "optional, e.g. Creative Leaders Mentorship Programme",
                    &["programme name"],
                    "",
                    false,
                ),
                Field::text(
                    FieldId::From,
                    "From",
                    "the programme's first day: 2026-03-01, -8m, …",
                    &[],
                    "",
                    false,
                ),
                Field::text(
                    FieldId::To,
                    "To",
                    "its last day: 2027-02-28, +4m, …",
                    &[],
                    "",
                    false,
                ),
            ],
        )
    }

    pub fn goal(g: Option<&Goal>) -> Form {
        Form::new(
            FormKind::Goal,
            g.map(|g| g.meta.id),
            vec![
                Field::text(
                    FieldId::Title,
                    "Title",
                    "what you want to achieve",
                    &["title"],
                    g.map_or("", |g| &g.title),
                    false,
                ),
                Field::text(
                    FieldId::Why,
                    "Why it matters",
                    "{OpenEditor}: write it in $EDITOR",
                    &["why"],
                    g.map_or("", |g| &g.why),
                    true,
                ),
                Field::text(
                    FieldId::Criteria,
                    "Success criteria",
                    "how you will know",
                    &["success criteria"],
                    g.map_or("", |g| &g.criteria),
                    true,
                ),
                Field::text(
                    FieldId::Target,
                    "Target date",
                    "2027-03-01, +3m, next friday — or empty",
                    &[],
                    &g.and_then(|g| g.target)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    false,
                ),
                Field::text(
                    FieldId::Milestones,
                    "Milestones",
                    "one per line; [x] in front when done",
                    &["milestone", "milestones"],
                    &g.map(|g| milestone_lines(&g.milestones))
                        .unwrap_or_default(),
                    true,
                ),
                visibility_field(g.map_or(Visibility::Shared, |g| g.meta.visibility)),
            ],
        )
    }

    /// The journal form: for `e`, or a new meeting with `partner` whose
    /// notes start from `outline` (the pair's open talking points).
    pub fn journal(
        e: Option<&JournalEntry>,
        now: DateTime<FixedOffset>,
        partner: Option<&str>,
        goals: &[Goal],
        outline: &str,
    ) -> Form {
        let with = e
            .map(|e| e.with.clone())
            .or(partner.map(str::to_string))
            .unwrap_or_default();
        Form::new(
            FormKind::Journal,
            e.map(|e| e.meta.id),
            vec![
                Field::text(
                    FieldId::When,
                    "When",
                    "2026-11-23 14:00, yesterday 14:00, now",
                    &[],
                    &fmt_datetime(e.map_or(now, |e| e.at)),
                    false,
                ),
                Field::choice(
                    FieldId::Kind,
                    "Kind",
                    "{ChoicePrev}/{ChoiceNext} to choose",
                    labels::<EventKind>(),
                    e.map_or(0, |e| index_of(e.kind)),
                ),
                Field::text(FieldId::With, "With", "", &["with"], &with, false),
                Field::text(
                    FieldId::Notes,
                    "Notes",
                    "what you talked about — {OpenEditor}: $EDITOR",
                    &["notes"],
                    e.map_or(outline, |e| &e.notes),
                    true,
                ),
                Field::text(
                    FieldId::Actions,
                    "Agreed actions",
                    "one per line: [x] partner: text @friday",
                    &["action", "actions"],
                    &e.map(|e| {
                        e.actions
                            .iter()
                            .map(action_line)
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default(),
                    true,
                ),
                Field::text(
                    FieldId::PrivateNotes,
                    "Private notes",
                    "only you see these: they never go to your partner",
                    &["private"],
                    e.map_or("", |e| &e.private_notes),
                    true,
                ),
            ]
            .into_iter()
            .chain(goals_field(goals, e.map_or(&[][..], |e| &e.goals)))
            .collect(),
        )
    }

    pub fn reflection(
        r: Option<&Reflection>,
        prompts: &[&str],
        today: NaiveDate,
        goals: &[Goal],
    ) -> Form {
        // No prompt unless one is picked; the first one offered is the
        // day's, a different one each day.
        let mut options = vec!["(no prompt)".to_string()];
        if !prompts.is_empty() {
            let start = today.num_days_from_ce().unsigned_abs() as usize % prompts.len();
            options.extend(
                prompts[start..]
                    .iter()
                    .chain(&prompts[..start])
                    .map(|p| p.to_string()),
            );
        }
        let index = match r.and_then(|r| r.prompt.as_deref()) {
            Some(p) => options.iter().position(|o| o == p).unwrap_or_else(|| {
                options.push(p.to_string());
                options.len() - 1
            }),
            None => 0,
        };
        Form::new(
            FormKind::Reflection,
            r.map(|r| r.meta.id),
            vec![
                Field::choice(
                    FieldId::Prompt,
                    "Prompt",
                    "{ChoicePrev}/{ChoiceNext} for a prompt",
                    options,
                    index,
                ),
                Field::text(
                    FieldId::Text,
                    "Reflection",
                    "{OpenEditor}: write it in $EDITOR",
                    &["text"],
                    r.map_or("", |r| &r.text),
                    true,
                ),
                Field::text(
                    FieldId::Tags,
                    "Tags",
                    "words, separated by spaces",
                    &["tags"],
                    &r.map(|r| r.tags.join(" ")).unwrap_or_default(),
                    false,
                ),
                Field::text(
                    FieldId::Date,
                    "Date",
                    "2026-11-24, yesterday",
                    &[],
                    &r.map_or(today, |r| r.date).to_string(),
                    false,
                ),
                visibility_field(r.map_or(Visibility::Private, |r| r.meta.visibility)),
            ]
            .into_iter()
            .chain(goal_field(goals, r.and_then(|r| r.goal)))
            .collect(),
        )
    }

    pub fn consultation(c: Option<&Consultation>) -> Form {
        let start = c
            .map(|c| {
                if c.all_day {
                    c.start.date_naive().to_string()
                } else {
                    fmt_datetime(c.start)
                }
            })
            .unwrap_or_default();
        let end = c
            .and_then(|c| {
                c.end.map(|e| {
                    if c.all_day {
                        (e - Duration::days(1)).date_naive().to_string()
                    } else {
                        fmt_datetime(e)
                    }
                })
            })
            .unwrap_or_default();
        Form::new(
            FormKind::Consultation,
            c.map(|c| c.meta.id),
            vec![
                Field::text(
                    FieldId::Title,
                    "Title",
                    "",
                    &["title"],
                    c.map_or("", |c| &c.title),
                    false,
                ),
                Field::choice(
                    FieldId::Kind,
                    "Kind",
                    "{ChoicePrev}/{ChoiceNext} to choose",
                    labels::<EventKind>(),
                    c.map_or(index_of(EventKind::Consultation), |c| index_of(c.kind)),
                ),
                Field::choice(
                    FieldId::Audience,
                    "Audience",
                    "{ChoicePrev}/{ChoiceNext} to choose",
                    labels::<Audience>(),
                    c.map_or(index_of(Audience::Everyone), |c| index_of(c.audience)),
                ),
                Field::text(
                    FieldId::Start,
                    "Start",
                    "2026-12-03 17:00, or a date for a whole day",
                    &[],
                    &start,
                    false,
                ),
                Field::text(
                    FieldId::End,
                    "End",
                    "17:00 on the same day, a date/time, or empty",
                    &[],
                    &end,
                    false,
                ),
                Field::text(
                    FieldId::Place,
                    "Place or link",
                    "",
                    &["place"],
                    c.map_or("", |c| &c.place),
                    false,
                ),
                Field::text(
                    FieldId::Notes,
                    "Notes",
                    "",
                    &["notes"],
                    c.map_or("", |c| &c.notes),
                    true,
                ),
            ],
        )
    }

    // ----- from fields to a record ---------------------------------------------

    /// Where field `id` is in the form.
    pub fn index(&self, id: FieldId) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// Field `id`, to fill it in (after $EDITOR, in tests).
    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// The value of field `id` ("" for a field this form does not have).
    pub fn value(&self, id: FieldId) -> String {
        self.index(id)
            .map(|i| self.fields[i].value())
            .unwrap_or_default()
    }

    /// The choice made in field `id`, read as a `T`.
    fn choice<T: Labelled>(&self, id: FieldId) -> Option<T> {
        self.index(id).and_then(|i| pick::<T>(&self.fields[i]))
    }

    /// A message shown at field `id`.
    fn error_at(&self, id: FieldId, message: impl Into<String>) -> (Option<usize>, String) {
        (self.index(id), message.into())
    }

    fn validation_error(&self, e: &ValidationError) -> (Option<usize>, String) {
        let field = match e {
            ValidationError::Empty { field } | ValidationError::TooLong { field, .. } => {
                Some(*field)
            }
            ValidationError::BadTag(_) => Some("tags"),
            ValidationError::EndBeforeStart { .. } => {
                return self.error_at(FieldId::End, e.to_string());
            }
            ValidationError::ProgrammeEndsBeforeStart { .. } => {
                return self.error_at(FieldId::To, e.to_string());
            }
            ValidationError::TooMany { what, .. } => Some(*what),
            _ => None,
        };
        let index = field.and_then(|name| self.fields.iter().position(|f| f.keys.contains(&name)));
        (index, e.to_string())
    }

    /// The date in field `id` (`None` when empty and `allow_empty`).
    fn date(
        &self,
        id: FieldId,
        allow_empty: bool,
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, (Option<usize>, String)> {
        let text = self.value(id);
        if text.trim().is_empty() {
            let label = self.index(id).map_or("A date", |i| self.fields[i].label);
            return if allow_empty {
                Ok(None)
            } else {
                Err(self.error_at(id, format!("{label} is needed")))
            };
        }
        time::parse_date(&text, today)
            .map(Some)
            .map_err(|e| self.error_at(id, e.to_string()))
    }

    /// Builds the record (a new one for `author`, or `existing` changed).
    pub fn build(
        &self,
        author: Id,
        existing: Option<&AnyRecord>,
        now: DateTime<FixedOffset>,
        zone: Zone,
    ) -> Result<Built, (Option<usize>, String)> {
        use FieldId as F;
        let v = |id: FieldId| self.value(id);
        let today = now.date_naive();
        let record = match self.kind {
            FormKind::Profile => {
                let mut p = Profile::new(
                    &v(F::Name),
                    self.choice::<Role>(F::Role).unwrap_or(Role::Mentee),
                    now.to_utc(),
                );
                let partner = v(F::Partner).trim().to_string();
                p.partner = (!partner.is_empty()).then_some(partner);
                let programme = v(F::Programme).trim().to_string();
                if !programme.is_empty() {
                    let from = self.date(F::From, false, today)?.unwrap_or(today);
                    let to = self.date(F::To, false, today)?.unwrap_or(today);
                    p.programme = Some(Programme {
                        name: programme,
                        from,
                        to,
                    });
                }
                // A profile rebuilt from its id keeps it: its records are yours.
                if let Some(id) = self.editing {
                    p.id = id;
                }
                p.validate().map_err(|e| self.validation_error(&e))?;
                return Ok(Built::Profile(p));
            }
            FormKind::Goal => {
                let mut g = match existing {
                    Some(AnyRecord::Goal(g)) => g.clone(),
                    _ => Goal::new(author, &v(F::Title), now),
                };
                g.title = v(F::Title).trim().to_string();
                g.why = v(F::Why).trim_end().to_string();
                g.criteria = v(F::Criteria).trim_end().to_string();
                g.target = self.date(F::Target, true, today)?;
                let before = std::mem::take(&mut g.milestones);
                g.milestones = v(F::Milestones)
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        let (text, done) = match l
                            .trim()
                            .strip_prefix("[x]")
                            .or_else(|| l.trim().strip_prefix("[X]"))
                        {
                            Some(rest) => (rest.trim().to_string(), true),
                            None => (l.trim().trim_start_matches("[ ]").trim().to_string(), false),
                        };
                        // The day a milestone was ticked stays; one ticked
                        // now is ticked today.
                        let done_on = done
                            .then(|| {
                                before
                                    .iter()
                                    .find(|m| m.done && m.text == text)
                                    .map_or(Some(now.date_naive()), |m| m.done_on)
                            })
                            .flatten();
                        Milestone {
                            text,
                            done,
                            done_on,
                        }
                    })
                    .collect();
                g.meta.visibility = visibility_of(&v(F::Visibility));
                g.meta.touch(now.to_utc());
                AnyRecord::Goal(g)
            }
            FormKind::Journal => {
                // A date left as it was keeps its stored value (offset, seconds).
                let kept = match existing {
                    Some(AnyRecord::Journal(e)) if self.unchanged(F::When) => Some(e.at),
                    _ => None,
                };
                let at = match kept {
                    Some(at) => at,
                    None => {
                        zone.parse_datetime(&v(F::When), now)
                            .map_err(|e| self.error_at(F::When, e.to_string()))?
                            .at
                    }
                };
                let mut e = match existing {
                    Some(AnyRecord::Journal(e)) => e.clone(),
                    _ => JournalEntry::new(author, at, "", now),
                };
                e.at = at;
                e.kind = self
                    .choice::<EventKind>(F::Kind)
                    .unwrap_or(EventKind::PairMeeting);
                e.with = v(F::With).trim().to_string();
                e.notes = v(F::Notes).trim_end().to_string();
                e.private_notes = v(F::PrivateNotes).trim_end().to_string();
                e.actions = v(F::Actions)
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| parse_action(l, today))
                    .collect::<Result<_, _>>()
                    .map_err(|message| self.error_at(F::Actions, message))?;
                if let Some(i) = self.index(F::Goals) {
                    // Links to goals the field does not list (a partner's,
                    // one deleted) stay as they were.
                    let listed = &self.fields[i].ids;
                    e.goals.retain(|g| !listed.contains(g));
                    e.goals.extend(self.fields[i].chosen_ids());
                }
                e.meta.touch(now.to_utc());
                AnyRecord::Journal(e)
            }
            FormKind::Reflection => {
                let mut r = match existing {
                    Some(AnyRecord::Reflection(r)) => r.clone(),
                    _ => Reflection::new(author, "", now),
                };
                let prompt_index = self
                    .index(F::Prompt)
                    .and_then(|i| self.fields[i].input_index());
                r.prompt = (prompt_index != Some(0)).then(|| v(F::Prompt));
                r.text = v(F::Text).trim_end().to_string();
                r.tags.clear();
                for tag in v(F::Tags).split_whitespace() {
                    r.add_tag(tag).map_err(|e| self.validation_error(&e))?;
                }
                r.date = self.date(F::Date, false, today)?.unwrap_or(today);
                if let Some(i) = self.index(F::Goals) {
                    r.goal = self.fields[i].chosen_ids().first().copied();
                }
                r.meta.visibility = visibility_of(&v(F::Visibility));
                r.meta.touch(now.to_utc());
                AnyRecord::Reflection(r)
            }
            FormKind::Consultation => {
                let mut c = match existing {
                    Some(AnyRecord::Consultation(c)) => c.clone(),
                    _ => Consultation::new(author, &v(F::Title), now, now),
                };
                c.title = v(F::Title).trim().to_string();
                c.kind = self
                    .choice::<EventKind>(F::Kind)
                    .unwrap_or(EventKind::Consultation);
                c.audience = self
                    .choice::<Audience>(F::Audience)
                    .unwrap_or(Audience::Everyone);
                // Times left as they were keep their stored values (offset, seconds).
                if existing.is_none() || !self.unchanged(F::Start) || !self.unchanged(F::End) {
                    let start = zone
                        .parse_datetime(&v(F::Start), now)
                        .map_err(|e| self.error_at(F::Start, e.to_string()))?;
                    c.all_day = !start.has_time;
                    c.start = if c.all_day {
                        midnight(start.at.date_naive(), &start.at)
                    } else {
                        start.at
                    };
                    let end_text = v(F::End);
                    c.end = if end_text.trim().is_empty() {
                        None
                    } else if let Ok(t) = NaiveTime::parse_from_str(end_text.trim(), "%H:%M") {
                        // A time alone: that time on the start's day.
                        localize(start.at.date_naive().and_time(t), start.at.offset())
                    } else {
                        let end = zone
                            .parse_datetime(&end_text, now)
                            .map_err(|e| self.error_at(F::End, e.to_string()))?;
                        Some(if c.all_day || !end.has_time {
                            midnight(end.at.date_naive() + Duration::days(1), &end.at)
                        } else {
                            end.at
                        })
                    };
                }
                c.place = v(F::Place).trim().to_string();
                c.notes = v(F::Notes).trim_end().to_string();
                c.meta.touch(now.to_utc());
                AnyRecord::Consultation(c)
            }
        };
        record.validate().map_err(|e| self.validation_error(&e))?;
        Ok(Built::Record(record))
    }
}

impl Field {
    fn input_index(&self) -> Option<usize> {
        match &self.input {
            Input::Choice { index, .. } => Some(*index),
            Input::Text { .. } | Input::Checks { .. } => None,
        }
    }
}

fn midnight(day: NaiveDate, like: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    localize(day.and_time(NaiveTime::MIN), like.offset()).unwrap_or(*like)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        crate::domain::test_time(10, 1)
    }

    #[test]
    fn actions_read_their_owner_due_date_and_done_flag() {
        let today = now().date_naive();
        let parse = |l: &str| parse_action(l, today).unwrap();
        let a = parse("[x] partner: Introduce a curator @2026-12-01");
        assert!(a.done);
        assert_eq!(a.owner, Owner::Partner);
        assert_eq!(a.text, "Introduce a curator");
        assert_eq!(a.due, NaiveDate::from_ymd_opt(2026, 12, 1));
        let b = parse("Send the budget");
        assert_eq!((b.done, b.owner, b.due), (false, Owner::Me, None));
        assert_eq!(parse(&action_line(&a)), a);
        // An @ that is not a date stays in the text, and odd text reads back as it was.
        assert_eq!(
            parse("Book the room @ the library").text,
            "Book the room @ the library"
        );
        assert_eq!(
            parse("Write to ana@example.org").text,
            "Write to ana@example.org"
        );
        let wrong = parse_action("Call the sponsor @someday", today).unwrap_err();
        assert!(
            wrong.contains("@someday") && wrong.contains("2026-12-03"),
            "{wrong}"
        );
        let tricky = AgreedAction::new("partner: is a word here", Owner::Me, None);
        assert_eq!(parse(&action_line(&tricky)), tricky);
        let mut done_text = AgreedAction::new("[x] marks the spot", Owner::Partner, None);
        done_text.done = false;
        assert_eq!(parse(&action_line(&done_text)), done_text);
    }

    #[test]
    fn an_empty_goal_title_points_at_the_title_field() {
        let form = Form::goal(None);
        let err = form.build(
            Id::generate(now().to_utc()),
            None,
            now(),
            Zone::Fixed(*now().offset()),
        );
        match err {
            Err((Some(0), msg)) => assert!(msg.contains("title must not be empty"), "{msg}"),
            _ => panic!("expected an error on the title field"),
        }
    }

    #[test]
    fn a_consultation_end_before_its_start_points_at_the_end_field() {
        let mut form = Form::consultation(None);
        let mut set = |id, text| form.field_mut(id).unwrap().set_text(text);
        set(FieldId::Title, "Quarter-mark consultation");
        set(FieldId::Start, "2026-12-03 17:00");
        set(FieldId::End, "16:00");
        let err = form.build(
            Id::generate(now().to_utc()),
            None,
            now(),
            Zone::Fixed(*now().offset()),
        );
        match err {
            Err((Some(4), msg)) => assert!(msg.contains("before"), "{msg}"),
            _ => panic!("expected an error on the end field"),
        }
        form.field_mut(FieldId::End).unwrap().set_text("19:00");
        assert!(
            form.build(
                Id::generate(now().to_utc()),
                None,
                now(),
                Zone::Fixed(*now().offset())
            )
            .is_ok()
        );
    }

    #[test]
    fn a_form_is_dirty_once_something_was_typed() {
        let mut form = Form::goal(None);
        assert!(!form.is_dirty());
        form.field_mut(FieldId::Title).unwrap().set_text("x");
        assert!(form.is_dirty());
    }
}
