//! `tandem export` and `tandem import`.

use std::path::Path;

use super::args::{ExportArgs, ImportArgs, ShareCmd};
use super::ctx::{CliError, CliResult, Ctx};
use crate::domain::{Id, Origin};
use crate::exchange::json;
use crate::store::Snapshot;

/// Import files larger than this are refused before they are read.
const MAX_IMPORT_BYTES: u64 = 1 << 30;

pub fn export(ctx: &mut Ctx, args: ExportArgs) -> CliResult {
    if args.format == "markdown" {
        return export_markdown(ctx, args);
    }
    let mut snap = ctx.store.snapshot()?;
    if args.shared {
        let me = ctx.me()?;
        let people: Vec<crate::domain::Id> = ctx.people(&me, false)?.iter().map(|p| p.id).collect();
        let pair = ctx.pair_id(&me)?;
        snap = shared_part(snap, &people);
        let keep = |m: &crate::domain::RecordMeta| m.in_pair(me.id, pair);
        snap.goals.retain(|r| keep(&r.meta));
        snap.journal.retain(|r| keep(&r.meta));
        snap.reflections.retain(|r| keep(&r.meta));
        snap.consultations.retain(|r| keep(&r.meta));
        snap.checkins.retain(|r| keep(&r.meta));
        snap.points.retain(|r| keep(&r.meta));
    }
    let text = json::to_json(&snap);
    let records = snap.records().count();
    let profiles = snap.profiles.len();
    ctx.emit(args.file.as_deref(), &text, |path| {
        format!(
            "Exported {} of {} to {}.",
            crate::domain::time::plural(records as i64, "record"),
            crate::domain::time::plural(profiles as i64, "profile"),
            path.display()
        )
    })
}

fn cannot_import(path: &Path, why: String) -> CliError {
    CliError::Failed(format!(
        "cannot import {}: {why}; nothing was imported",
        path.display()
    ))
}

/// Reads and checks the export at `at` (named `path` by the user), whose
/// records may be written by the `known` profiles (those of the store) or
/// its own; changes nothing.
pub fn read_export(path: &Path, at: &Path, known: &[Id]) -> CliResult<Snapshot> {
    let fail = |why: String| cannot_import(path, why);
    let meta = std::fs::metadata(at).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(fail("it is not a file".into()));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(fail(format!(
            "it is larger than {} MiB",
            MAX_IMPORT_BYTES >> 20
        )));
    }
    let text = std::fs::read_to_string(at).map_err(|e| fail(e.to_string()))?;
    json::from_json(&text, known).map_err(|e| fail(e.to_string()))
}

pub fn import(ctx: &mut Ctx, args: ImportArgs) -> CliResult {
    let path = &args.file;
    let fail = |why: String| cannot_import(path, why);
    let profiles = ctx.store.profiles()?;
    let known: Vec<_> = profiles.iter().map(|p| p.id).collect();
    let snap = read_export(path, &ctx.path(path), &known)?;
    // Two local profiles of one name could not be told apart by --user.
    for incoming in snap.profiles.iter().filter(|p| p.origin == Origin::Local) {
        if let Some(mine) = profiles.iter().find(|p| {
            p.origin == Origin::Local
                && p.id != incoming.id
                && p.name.eq_ignore_ascii_case(&incoming.name)
        }) {
            return Err(fail(format!(
                "it holds another profile named '{}' than this store's; import it into an empty store \
                 (--store DIR), or rename this one first with `tandem --user \"{}\" init --name NEW --role {}`",
                incoming.name, mine.name, mine.role
            )));
        }
    }
    let report = ctx.store.merge(&snap)?;
    if ctx.json {
        return ctx.json_out(&serde_json::json!({
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }));
    }
    ctx.line(format!(
        "Imported {}: {} new, {} updated, {} unchanged.",
        path.display(),
        report.new,
        report.updated,
        report.unchanged
    ));
    Ok(())
}

pub fn share(ctx: &mut Ctx, cmd: ShareCmd) -> CliResult {
    use crate::exchange::bundle;
    let me = ctx.me()?;
    match cmd {
        ShareCmd::Export { since, file } => {
            let since = since
                .map(|s| ctx.parse_date(&s))
                .transpose()?
                .and_then(|d| {
                    crate::domain::time::localize(
                        d.and_time(chrono::NaiveTime::MIN),
                        ctx.now.offset(),
                    )
                })
                .map(|d| d.to_utc());
            let pair = ctx.pair(&me)?;
            let count = bundle::export_to(
                &ctx.store,
                &me,
                pair.as_ref().map(|p| p.id),
                since,
                ctx.now.to_utc(),
                &ctx.path(&file),
            )
            // Named as the caller typed it (the app resolves it against the
            // caller's directory).
            .map_err(|e| {
                let at = ctx.path(&file).display().to_string();
                CliError::Failed(e.replace(&at, &file.display().to_string()))
            })?;
            if ctx.json {
                return ctx.json_out(&serde_json::json!({ "file": file, "records": count }));
            }
            let whom = match &pair {
                Some(p) => crate::text::sanitize(&p.name, false),
                None => "your partner".to_string(),
            };
            ctx.line(format!(
                "Wrote {count} shared record{} to {} for {whom} (private records are never included).",
                if count == 1 { "" } else { "s" },
                file.display()
            ));
            Ok(())
        }
        ShareCmd::Import {
            file,
            accept_new_partner,
        } => {
            let (report, from) =
                bundle::import_from(&ctx.store, &me, &ctx.path(&file), accept_new_partner)
                    .map_err(|e| match e {
                        bundle::FileError::Import(bundle::ImportError::Store(e)) => {
                            CliError::Store(e)
                        }
                        other => CliError::Failed(format!(
                            "cannot import {}: {other}; nothing was imported",
                            file.display()
                        )),
                    })?;
            if ctx.json {
                return ctx.json_out(&report);
            }
            ctx.line(format!(
                "Imported {} from {}: {report}.",
                file.display(),
                crate::text::one_line(&from.name, 60)
            ));
            Ok(())
        }
    }
}

/// What a pair shares: the shared records of `people`, without private
/// notes, profiles or the default profile (which differ by machine).
fn shared_part(
    snap: crate::store::Snapshot,
    people: &[crate::domain::Id],
) -> crate::store::Snapshot {
    use crate::domain::{Record, Visibility};
    fn keep<R: Record>(records: Vec<R>, people: &[crate::domain::Id]) -> Vec<R> {
        records
            .into_iter()
            .filter(|r| {
                r.meta().visibility == Visibility::Shared && people.contains(&r.meta().author)
            })
            .collect()
    }
    let mut journal = keep(snap.journal, people);
    for e in &mut journal {
        e.private_notes.clear();
    }
    crate::store::Snapshot {
        default_profile: None,
        profiles: Vec::new(),
        goals: keep(snap.goals, people),
        journal,
        reflections: keep(snap.reflections, people),
        consultations: keep(snap.consultations, people),
        checkins: keep(snap.checkins, people),
        points: keep(snap.points, people),
    }
}

fn export_markdown(ctx: &mut Ctx, args: ExportArgs) -> CliResult {
    use crate::domain::{CheckIn, Consultation, Goal};
    let me = ctx.me()?;
    let goals: Vec<Goal> = ctx.store.all(me.id)?;
    let journal = ctx.store.newest_journal(me.id, usize::MAX)?;
    let reflections = ctx.store.newest_reflections(me.id, usize::MAX)?;
    let checkins: Vec<CheckIn> = ctx.store.newest_checkins(me.id, usize::MAX)?;
    let mut consultations: Vec<Consultation> = ctx.store.all(me.id)?;
    consultations.sort_by_key(|c| c.start);
    let text = crate::exchange::markdown::document(
        &crate::exchange::markdown::Year {
            me: &me,
            goals: &goals,
            journal: &journal,
            reflections: &reflections,
            checkins: &checkins,
            consultations: &consultations,
            private: args.private,
        },
        ctx.now,
    );
    let private = args.private;
    ctx.emit(args.file.as_deref(), &text, |path| {
        format!(
            "Wrote your year to {}{}.",
            path.display(),
            if private {
                " (private reflections included)"
            } else {
                " (shared reflections only; --private adds the others)"
            }
        )
    })
}
