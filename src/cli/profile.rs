//! `tandem init` and `tandem profile`.

use serde::Serialize;

use super::args::{InitArgs, ProfileCmd};
use super::ctx::{CliError, CliResult, Ctx};
use crate::domain::{Origin, Profile, Programme};
use crate::store::Change;
use crate::text;

pub fn init(ctx: &mut Ctx, args: InitArgs) -> CliResult {
    let profiles = ctx.store.profiles()?;
    let local = |p: &&Profile| p.origin == Origin::Local;
    // --user names the profile to create or update; without it, the default one.
    let existing = match ctx.user() {
        Some(name) => profiles
            .iter()
            .filter(local)
            .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
            .cloned(),
        None => match ctx.store.default_profile()? {
            Some(id) => profiles.iter().find(|p| p.id == id).cloned(),
            None => profiles.iter().find(local).cloned(),
        },
    };
    let created = existing.is_none();
    // A profile rebuilt from its id (its record was lost) is named again,
    // and its records are its person's once more.
    let restored = existing.as_ref().is_some_and(Profile::is_rebuilt);
    let mut profile =
        existing.unwrap_or_else(|| Profile::new(&args.name, args.role, ctx.now.to_utc()));
    if restored {
        profile.created = ctx.now.to_utc();
    }
    profile.name = args.name.trim().to_string();
    profile.role = args.role;
    if let Some(partner) = args.partner {
        let partner = partner.trim().to_string();
        profile.partner = (!partner.is_empty()).then_some(partner);
    }
    if let (Some(name), Some(from), Some(to)) = (args.programme, args.from, args.to) {
        profile.programme = Some(Programme {
            name: name.trim().to_string(),
            from: ctx.parse_date(&from)?,
            to: ctx.parse_date(&to)?,
        });
    }
    if !created {
        profile.updated = profile.updated.max(ctx.now.to_utc());
    }
    profile.validate()?;
    if profiles.iter().any(|p| {
        p.id != profile.id
            && p.origin == Origin::Local
            && p.name.eq_ignore_ascii_case(&profile.name)
    }) {
        return Err(CliError::Usage(format!(
            "there is already a profile named '{}'; pick it with --user",
            text::sanitize(&profile.name, false)
        )));
    }
    let mut changes = vec![Change::Profile(profile.clone())];
    if ctx.store.default_profile()?.is_none() {
        changes.push(Change::DefaultProfile(profile.id));
    }
    ctx.store.commit(changes)?;
    if ctx.json {
        return ctx.json_out(&profile);
    }
    if ctx.quiet {
        ctx.line(profile.id.to_string());
        return Ok(());
    }
    let verb = match (created, restored) {
        (true, _) => "Created",
        (false, true) => "Restored",
        (false, false) => "Updated",
    };
    ctx.line(format!("{verb} profile {}.", describe(&profile)));
    if created {
        ctx.line("Next: add a goal with `tandem goal add \"TITLE\" --target DATE`.");
    }
    Ok(())
}

/// "Ana (mentee, partner Marko, Creative Leaders 2026-03-01 to 2027-02-28)".
fn describe(p: &Profile) -> String {
    let mut parts = vec![p.role.label().to_string()];
    if let Some(partner) = &p.partner {
        parts.push(format!("partner {}", text::sanitize(partner, false)));
    }
    if let Some(prog) = &p.programme {
        parts.push(format!(
            "{} {} to {}",
            text::sanitize(&prog.name, false),
            prog.from,
            prog.to
        ));
    }
    format!("{} ({})", text::sanitize(&p.name, false), parts.join(", "))
}

#[derive(Serialize)]
struct ProfileRow<'a> {
    #[serde(flatten)]
    profile: &'a Profile,
    default: bool,
}

pub fn run(ctx: &mut Ctx, cmd: ProfileCmd) -> CliResult {
    match cmd {
        ProfileCmd::List => {
            let mut profiles = ctx.store.profiles()?;
            profiles.sort_by_key(|p| (p.origin != Origin::Local, p.name.to_lowercase()));
            let default = ctx.store.default_profile()?;
            if ctx.json {
                let rows: Vec<ProfileRow> = profiles
                    .iter()
                    .map(|p| ProfileRow {
                        profile: p,
                        default: Some(p.id) == default,
                    })
                    .collect();
                return ctx.json_out(&rows);
            }
            if profiles.is_empty() {
                ctx.line("No profiles yet: run `tandem init --name NAME --role mentee|mentor`.");
                return Ok(());
            }
            let today = ctx.today();
            let rows: Vec<Vec<String>> = profiles
                .iter()
                .map(|p| {
                    vec![
                        if Some(p.id) == default {
                            "*".into()
                        } else {
                            String::new()
                        },
                        text::one_line(&p.name, 30),
                        p.role.label().into(),
                        p.origin.label().into(),
                        p.partner
                            .as_deref()
                            .map(|s| text::one_line(s, 30))
                            .unwrap_or_default(),
                        p.programme
                            .as_ref()
                            .map(|g| {
                                format!(
                                    "{} ({} left)",
                                    text::one_line(&g.name, 40),
                                    crate::domain::time::plural(g.days_left(today).max(0), "day")
                                )
                            })
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            ctx.table(
                &["", "NAME", "ROLE", "ORIGIN", "PARTNER", "PROGRAMME"],
                &rows,
            );
            Ok(())
        }
        ProfileCmd::Use { name } => {
            let profiles = ctx.store.profiles()?;
            let p = profiles
                .iter()
                .find(|p| p.origin == Origin::Local && p.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| {
                    CliError::Failed(format!("there is no profile named '{name}' in this store"))
                })?;
            ctx.store.set_default_profile(p.id)?;
            if ctx.json {
                return ctx.json_out(p);
            }
            ctx.line(format!(
                "{} is now the default profile.",
                text::sanitize(&p.name, false)
            ));
            Ok(())
        }
    }
}
