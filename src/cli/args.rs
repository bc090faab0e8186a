//! The command line, as clap reads it.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use super::complete::{IdKind, ids};
use crate::domain::{self, Audience, EventKind, GoalStatus, Labelled, Role};

const ABOUT: &str = "Goals, a meeting journal, weekly check-ins, reflections and the programme's \
consultations for the two people of a mentoring pair. Offline; your data stays on this machine.";

const AFTER_HELP: &str = "\
Dates: 2026-12-03, 2026-12-03T14:00, today, tomorrow, yesterday, +3d, -2w, +1m, next monday,
       optionally followed by a time (tomorrow 14:00). Times are local.
Ids:   any unique prefix of an id, as printed by the listings.

Examples:
  tandem init --name Ana --role mentee --partner Marko
  tandem goal add \"Curate a first exhibition\" --target +6m --milestone \"Find a venue\"
  tandem journal add --date \"yesterday 14:00\" --notes \"Budget talk\" --action \"Send draft@friday\"
  tandem checkin --mood 4 --energy 3 --win \"Venue found\"
  tandem goal list --json";

#[derive(Debug, Parser)]
#[command(name = "tandem", version, about = ABOUT, after_help = AFTER_HELP)]
#[command(propagate_version = true)]
pub struct Cli {
    /// Store directory [default: the platform data directory]
    #[arg(long, global = true, env = "TANDEM_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Profile to act as, by name [default: the one set by init or profile use]
    #[arg(long, global = true, env = "TANDEM_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// For a mentor: the mentee whose pair to work on, by name [default: the
    /// one chosen last in the app, or the only one]
    #[arg(long, global = true, env = "TANDEM_MENTEE", value_name = "NAME")]
    pub mentee: Option<String>,

    /// Configuration file [default: tandem.toml in the platform config directory]
    #[arg(long, global = true, env = "TANDEM_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print JSON (stable field names) instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// Print only the id of what a command adds or changes (for scripts)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Open the app on a throwaway store filled with a realistic programme
    /// (--demo=mentor: from the mentor's chair, with two mentees)
    #[arg(
        long,
        conflicts_with = "store",
        value_name = "SIDE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "mentee",
        value_parser = ["mentee", "mentor"]
    )]
    pub demo: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options every subcommand takes.
#[derive(Debug, Clone)]
pub struct Global {
    pub store: Option<PathBuf>,
    pub user: Option<String>,
    pub mentee: Option<String>,
    pub json: bool,
    pub quiet: bool,
}

impl Cli {
    pub fn global(&self) -> Global {
        Global {
            store: self.store.clone(),
            user: self.user.clone(),
            mentee: self.mentee.clone(),
            json: self.json,
            quiet: self.quiet,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create your profile, or update it
    Init(InitArgs),
    /// List the profiles in this store, or choose the default one
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// What you want to achieve this year, and how far you are
    #[command(subcommand)]
    Goal(GoalCmd),
    /// The meeting journal and its agreed actions
    #[command(subcommand)]
    Journal(JournalCmd),
    /// Your reflection log (private unless you share an entry)
    #[command(subcommand)]
    Reflect(ReflectCmd),
    /// The programme's consultations, workshops and meetings
    #[command(subcommand)]
    Consult(ConsultCmd),
    /// Record this week's check-in (a second run this week updates it; no flags: the wizard)
    Checkin(CheckinArgs),
    /// What to talk about at the next meeting: everything since the last one
    Brief(BriefArgs),
    /// Talking points for the next meeting, raised by either of you
    #[command(subcommand)]
    Agenda(AgendaCmd),
    /// For a mentor: each mentee at a glance (check-in, goals at risk, actions, meetings)
    Mentees,
    /// One line for a shell prompt: a check-in due, a meeting soon, actions overdue (nothing when nothing is)
    Remind(RemindArgs),
    /// Move what you share to your partner's tandem, and theirs to yours
    #[command(subcommand)]
    Share(ShareCmd),
    /// Write the whole store to a file (or standard output)
    Export(ExportArgs),
    /// Merge an export into this store (all or nothing)
    Import(ImportArgs),
    /// Rewrite the store into a fresh file without the space old versions take (all or nothing)
    Compact,
    /// Where the configuration file is, what it can hold, and whether it reads well
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Print a completion script for a shell (see README for where it goes)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `tandem man > tandem.1 && man ./tandem.1`
    Man,
    /// Tools for developing tandem
    #[command(subcommand, hide = true)]
    Dev(DevCmd),
    /// The ids a command could take, with what they are (for completion)
    #[command(hide = true)]
    Ids { kind: IdKind },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print where the configuration file is read from
    Path,
    /// Print a configuration file with every setting commented out at its default
    Default,
    /// Report every mistake in the configuration file (exit 1 if there is one)
    Check,
    /// Print every mode's actions with the keys they have now, as the file writes them
    Keys,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Your name
    #[arg(long)]
    pub name: String,
    /// Your part in the pair
    #[arg(long, value_parser = LabelParser::<Role>::new())]
    pub role: Role,
    /// Your partner's name (mentor or mentee)
    #[arg(long, value_name = "NAME")]
    pub partner: Option<String>,
    /// The programme's name
    #[arg(long, value_name = "NAME", requires_all = ["from", "to"])]
    pub programme: Option<String>,
    /// The programme's first day
    #[arg(
        long,
        value_name = "DATE",
        allow_hyphen_values = true,
        requires = "programme"
    )]
    pub from: Option<String>,
    /// The programme's last day
    #[arg(
        long,
        value_name = "DATE",
        allow_hyphen_values = true,
        requires = "programme"
    )]
    pub to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// List the profiles in this store
    List,
    /// Make NAME the default profile
    Use {
        /// A profile's name
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum GoalCmd {
    /// Add a goal
    Add {
        title: String,
        /// Why it matters
        #[arg(long)]
        why: Option<String>,
        /// How you will know you achieved it
        #[arg(long)]
        criteria: Option<String>,
        /// By when
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        target: Option<String>,
        /// A step on the way (repeatable)
        #[arg(long = "milestone", value_name = "TEXT")]
        milestones: Vec<String>,
        /// Keep it out of what you share with your partner
        #[arg(long)]
        private: bool,
    },
    /// List active goals (all with --all)
    List {
        /// Include paused, achieved and dropped goals
        #[arg(long)]
        all: bool,
        /// Only your own, not your partner's shared ones
        #[arg(long)]
        mine: bool,
    },
    /// Show a goal with its milestones and history
    Show {
        #[arg(add = ids(IdKind::Goal))]
        id: String,
    },
    /// Set a goal's progress (0-100 %)
    Progress {
        #[arg(add = ids(IdKind::Goal))]
        id: String,
        #[arg(value_parser = parse_progress, allow_negative_numbers = true)]
        percent: u8,
    },
    /// Set a goal's status
    Status {
        #[arg(add = ids(IdKind::Goal))]
        id: String,
        #[arg(value_parser = LabelParser::<GoalStatus>::new())]
        status: GoalStatus,
    },
    /// Tick milestone N of a goal (counted from 1)
    Milestone {
        #[arg(add = ids(IdKind::Goal))]
        id: String,
        n: usize,
        /// Untick it instead
        #[arg(long)]
        undone: bool,
    },
    /// Change a goal's fields
    Edit(GoalEdit),
    /// Delete a goal
    Rm {
        #[arg(add = ids(IdKind::Goal))]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct GoalEdit {
    #[arg(add = ids(IdKind::Goal))]
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub why: Option<String>,
    #[arg(long)]
    pub criteria: Option<String>,
    /// New target date
    #[arg(
        long,
        value_name = "DATE",
        allow_hyphen_values = true,
        conflicts_with = "no_target"
    )]
    pub target: Option<String>,
    /// Remove the target date
    #[arg(long)]
    pub no_target: bool,
    /// Add a milestone (repeatable)
    #[arg(long = "add-milestone", value_name = "TEXT")]
    pub add_milestones: Vec<String>,
    /// Remove milestone N (repeatable)
    #[arg(long = "remove-milestone", value_name = "N")]
    pub remove_milestones: Vec<usize>,
    /// Share it with your partner
    #[arg(long, conflicts_with = "private")]
    pub shared: bool,
    /// Keep it to yourself
    #[arg(long)]
    pub private: bool,
}

#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// Log a meeting
    Add(JournalAdd),
    /// The newest meetings first (yours and your partner's)
    List {
        /// How many
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only your own, not your partner's shared ones
        #[arg(long)]
        mine: bool,
    },
    /// Show a meeting with its notes and actions
    Show {
        #[arg(add = ids(IdKind::Meeting))]
        id: String,
    },
    /// Agreed actions across both people's meetings, overdue first
    Actions {
        /// Only those not done
        #[arg(long)]
        open: bool,
        /// Only the actions you took on
        #[arg(long)]
        mine: bool,
    },
    /// Tick action N of a meeting (counted from 1)
    Done {
        #[arg(add = ids(IdKind::Meeting))]
        id: String,
        n: usize,
        /// Untick it instead
        #[arg(long)]
        undone: bool,
    },
    /// Change a meeting's fields or add actions
    Edit(JournalEdit),
    /// Delete a meeting
    Rm {
        #[arg(add = ids(IdKind::Meeting))]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct JournalAdd {
    /// When it took place [default: now]
    #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
    pub date: Option<String>,
    /// What was said
    #[arg(long)]
    pub notes: String,
    /// Notes only you see: they never go to your partner
    #[arg(long, value_name = "TEXT")]
    pub private_notes: Option<String>,
    #[arg(long, default_value = "pair-meeting", value_parser = LabelParser::<EventKind>::new())]
    pub kind: EventKind,
    /// With whom [default: your partner]
    #[arg(long)]
    pub with: Option<String>,
    #[command(flatten)]
    pub agreed: Agreed,
}

/// What a meeting agreed and what it was about; `journal add` and `journal
/// edit` both take these (edit adds to what is there).
#[derive(Debug, Args)]
pub struct Agreed {
    /// An action you took on, optionally with a due date: "Send the draft@friday" (repeatable)
    #[arg(long = "action", value_name = "TEXT[@DUE]")]
    pub actions: Vec<String>,
    /// An action your partner took on (repeatable)
    #[arg(long = "partner-action", value_name = "TEXT[@DUE]")]
    pub partner_actions: Vec<String>,
    /// A goal the meeting was about (repeatable)
    #[arg(long = "goal", value_name = "ID", add = ids(IdKind::Goal))]
    pub goals: Vec<String>,
}

#[derive(Debug, Args)]
pub struct JournalEdit {
    #[arg(add = ids(IdKind::Meeting))]
    pub id: String,
    #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
    pub date: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// Notes only you see (also on your partner's meeting): they never go to
    /// your partner
    #[arg(long, value_name = "TEXT")]
    pub private_notes: Option<String>,
    #[arg(long, value_parser = LabelParser::<EventKind>::new())]
    pub kind: Option<EventKind>,
    #[arg(long)]
    pub with: Option<String>,
    #[command(flatten)]
    pub agreed: Agreed,
}

#[derive(Debug, Subcommand)]
pub enum AgendaCmd {
    /// Raise a point for the next meeting (your partner sees it once you share)
    Add {
        text: String,
        /// The goal it is about
        #[arg(long, value_name = "ID", add = ids(IdKind::Goal))]
        goal: Option<String>,
    },
    /// The open talking points, longest waiting first
    List {
        /// Also those already discussed
        #[arg(long)]
        all: bool,
    },
    /// Tick a point as discussed (yours or your partner's)
    Done {
        #[arg(add = ids(IdKind::Point))]
        id: String,
    },
    /// Open a discussed point again
    Reopen {
        #[arg(add = ids(IdKind::Point))]
        id: String,
    },
    /// Delete a point you raised
    Rm {
        #[arg(add = ids(IdKind::Point))]
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReflectCmd {
    /// Write a reflection (private unless --shared)
    Add {
        text: String,
        /// The question it answers
        #[arg(long)]
        prompt: Option<String>,
        /// A tag (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// The goal it is about
        #[arg(long, value_name = "ID", add = ids(IdKind::Goal))]
        goal: Option<String>,
        /// Share it with your partner
        #[arg(long)]
        shared: bool,
        /// The day it is about [default: today]
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        date: Option<String>,
    },
    /// Reflections, newest first
    List {
        /// Only those with this tag
        #[arg(long)]
        tag: Option<String>,
        /// How many
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Only your own, not your partner's shared ones
        #[arg(long)]
        mine: bool,
    },
    /// Show a reflection
    Show {
        #[arg(add = ids(IdKind::Reflection))]
        id: String,
    },
    /// Share a reflection with your partner
    Share {
        #[arg(add = ids(IdKind::Reflection))]
        id: String,
    },
    /// Make a reflection private again
    Private {
        #[arg(add = ids(IdKind::Reflection))]
        id: String,
    },
    /// Delete a reflection
    Rm {
        #[arg(add = ids(IdKind::Reflection))]
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsultCmd {
    /// Add a consultation, workshop or meeting
    Add {
        title: String,
        /// When it starts (a date alone makes it an all-day event)
        #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
        start: String,
        /// When it ends (for an all-day event: its last day)
        #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
        end: Option<String>,
        /// It takes the whole day
        #[arg(long)]
        all_day: bool,
        #[arg(long, default_value = "consultation", value_parser = LabelParser::<EventKind>::new())]
        kind: EventKind,
        #[arg(long, default_value = "everyone", value_parser = LabelParser::<Audience>::new())]
        audience: Audience,
        /// A room, an address or a link
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// What is coming, soonest first, with a countdown (everything with --all)
    List {
        /// Include past events
        #[arg(long)]
        all: bool,
    },
    /// Show an event
    Show {
        #[arg(add = ids(IdKind::Event))]
        id: String,
    },
    /// Delete an event
    Rm {
        #[arg(add = ids(IdKind::Event))]
        id: String,
    },
    /// Import the programme's calendar from an .ics file (again: updates by UID)
    Import {
        /// An iCalendar file, as calendar apps export them
        file: PathBuf,
    },
    /// Write the consultations as an .ics file for calendar apps (or to standard output)
    Export {
        /// Where to write [default: standard output]
        file: Option<PathBuf>,
        /// Include the pair's meetings from the journal that lie ahead
        #[arg(long)]
        meetings: bool,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CheckinArgs {
    #[command(subcommand)]
    pub command: Option<CheckinCmd>,
    /// A goal's progress this week, its state (on-track, at-risk, blocked) and a note (repeatable)
    #[arg(long = "goal", value_name = "ID=PCT[:STATE[:NOTE]]")]
    pub goals: Vec<String>,
    /// How you feel, 1-5
    #[arg(long, value_parser = parse_mood)]
    pub mood: Option<u8>,
    /// How much energy you have, 1-5
    #[arg(long, value_parser = parse_energy)]
    pub energy: Option<u8>,
    /// The win of the week
    #[arg(long)]
    pub win: Option<String>,
    /// What blocked you
    #[arg(long)]
    pub blocker: Option<String>,
    /// What you focus on next week
    #[arg(long)]
    pub focus: Option<String>,
    /// A mentor's note on one mentee: how the mentoring went, and a note for
    /// next time (repeatable; only you see these)
    #[arg(long = "mentoring", value_name = "NAME=HOW[|NEXT]")]
    pub mentoring: Vec<String>,
}

impl CheckinArgs {
    /// Nothing to record was given (no subcommand, no flags).
    pub fn is_empty(&self) -> bool {
        self.command.is_none()
            && self.goals.is_empty()
            && self.mood.is_none()
            && self.energy.is_none()
            && self.win.is_none()
            && self.blocker.is_none()
            && self.focus.is_none()
            && self.mentoring.is_empty()
    }
}

#[derive(Debug, Subcommand)]
pub enum CheckinCmd {
    /// Past check-ins, newest first
    List {
        /// How many
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// Write everything you marked shared into a bundle file for your partner
    Export {
        /// Only what changed on or after this date
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        since: Option<String>,
        /// The bundle file to write
        file: PathBuf,
    },
    /// Merge your partner's bundle (the same bundle twice changes nothing)
    Import {
        /// A bundle written by `tandem share export`
        file: PathBuf,
        /// Import from someone who is not your partner yet
        #[arg(long)]
        accept_new_partner: bool,
    },
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Name a meeting or event that starts within this long (90m, 24h, 2d, 1w)
    #[arg(long, value_name = "DURATION", default_value = "24h")]
    pub meeting_within: String,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Print Markdown, for pasting into an email
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json: the whole store, lossless (for backups and import); markdown: a readable document of your year
    #[arg(long, default_value = "json", value_parser = ["json", "markdown"])]
    pub format: String,
    /// With markdown: include private reflections (for your own archive)
    #[arg(long)]
    pub private: bool,
    /// With json: only what the pair shares (both people's shared records,
    /// without private notes or profiles): the same on both machines once
    /// each has imported the other's latest bundle
    #[arg(long, conflicts_with = "private")]
    pub shared: bool,
    /// Where to write [default: standard output]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A file written by tandem export
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum DevCmd {
    /// Add goals in a loop, printing each id once it is flushed
    WriteLoop {
        /// Stop after this many (0: never)
        #[arg(long, default_value_t = 0)]
        count: u64,
    },
    /// Fill an empty store with the demo programme (what --demo shows)
    Demo {
        /// From the mentor's chair, with two mentees (what --demo=mentor shows)
        #[arg(long)]
        mentor: bool,
    },
    /// Fill the store with generated records (years of a pair's programme)
    Seed {
        /// About how many records: mostly meetings, then reflections, check-ins, events, goals
        #[arg(long, default_value_t = 10_000)]
        records: usize,
    },
}

fn parse_progress(s: &str) -> Result<u8, String> {
    let n: i64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))?;
    domain::progress(n).map_err(|e| e.to_string())
}

fn parse_scale(field: &'static str, s: &str) -> Result<u8, String> {
    let n: i64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))?;
    domain::scale(field, n).map_err(|e| e.to_string())
}

fn parse_mood(s: &str) -> Result<u8, String> {
    parse_scale("mood", s)
}

fn parse_energy(s: &str) -> Result<u8, String> {
    parse_scale("energy", s)
}

/// Reads a [`Labelled`] enum by any of its names and lists its values in help.
#[derive(Clone)]
pub struct LabelParser<T>(PhantomData<T>);

impl<T> LabelParser<T> {
    pub fn new() -> Self {
        LabelParser(PhantomData)
    }
}

impl<T> Default for LabelParser<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Labelled + Clone> TypedValueParser for LabelParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        text.parse::<T>().map_err(|e| {
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{e}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::LABELS.iter().map(PossibleValue::new)))
    }
}
