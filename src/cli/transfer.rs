//! `tandem export` and `tandem import`.

use std::io::Write;
use std::path::Path;

use super::args::{ExportArgs, ImportArgs, ShareCmd};
use super::ctx::{CliError, CliResult, Ctx};
use crate::domain::Origin;
use crate::exchange::json;

/// Import files larger than this are refused before they are read.
const MAX_IMPORT_BYTES: u64 = 1 << 30;

pub fn export(ctx: &mut Ctx, args: ExportArgs) -> CliResult {
    if args.format == "markdown" {
        return export_markdown(ctx, args);
    }
    let snap = ctx.store.snapshot()?;
    let text = json::to_json(&snap);
    match &args.file {
        None => {
            ctx.line(text.trim_end());
            Ok(())
        }
        Some(path) => {
            write_atomically(path, text.as_bytes())
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
            let records = snap.records().count();
            ctx.line(format!(
                "Exported {records} records of {} profile{} to {}.",
                snap.profiles.len(),
                if snap.profiles.len() == 1 { "" } else { "s" },
                path.display()
            ));
            Ok(())
        }
    }
}

/// Writes a file atomically (for the other commands that write files).
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically(path, bytes)
}

/// Writes `bytes` next to `path` and renames it into place, so that a crash
/// never leaves half a file where a good one was.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn import(ctx: &mut Ctx, args: ImportArgs) -> CliResult {
    let path = &args.file;
    let fail = |why: String| {
        CliError::Failed(format!(
            "cannot import {}: {why}; nothing was imported",
            path.display()
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(fail("it is not a file".into()));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(fail(format!(
            "it is larger than {} MiB",
            MAX_IMPORT_BYTES >> 20
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    let profiles = ctx.store.profiles()?;
    let known: Vec<_> = profiles.iter().map(|p| p.id).collect();
    let snap = json::from_json(&text, &known).map_err(|e| fail(e.to_string()))?;
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

/// Bundle files larger than this are refused before they are read.
const MAX_BUNDLE_FILE: u64 = crate::store::codec::MAX_BUNDLE_BYTES as u64 + 64;

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
            let records = bundle::shared_records(&ctx.store, &me, since)?;
            let count = records.len();
            let bytes = bundle::encode(&me, records, ctx.now.to_utc())
                .map_err(|e| CliError::Failed(e.to_string()))?;
            write_atomically(&file, &bytes)
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", file.display())))?;
            if ctx.json {
                return ctx.json_out(&serde_json::json!({ "file": file, "records": count }));
            }
            ctx.line(format!(
                "Wrote {count} shared record{} to {} for your partner (private records are never included).",
                if count == 1 { "" } else { "s" },
                file.display()
            ));
            Ok(())
        }
        ShareCmd::Import {
            file,
            accept_new_partner,
        } => {
            let fail = |why: String| {
                CliError::Failed(format!(
                    "cannot import {}: {why}; nothing was imported",
                    file.display()
                ))
            };
            let meta = std::fs::metadata(&file).map_err(|e| fail(e.to_string()))?;
            if !meta.is_file() {
                return Err(fail("it is not a file".into()));
            }
            if meta.len() > MAX_BUNDLE_FILE {
                return Err(fail(format!(
                    "it is larger than a bundle may be ({} MiB)",
                    MAX_BUNDLE_FILE >> 20
                )));
            }
            let bytes = std::fs::read(&file).map_err(|e| fail(e.to_string()))?;
            let bundle = bundle::decode(&bytes).map_err(|e| fail(e.to_string()))?;
            let report = bundle::import(&ctx.store, &me, &bundle, accept_new_partner).map_err(
                |e| match e {
                    bundle::ImportError::Store(e) => CliError::Store(e),
                    other => fail(other.to_string()),
                },
            )?;
            if ctx.json {
                return ctx.json_out(&report);
            }
            ctx.line(format!(
                "Imported {} from {}: {report}.",
                file.display(),
                crate::text::one_line(&bundle.from.name, 60)
            ));
            Ok(())
        }
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
    match &args.file {
        None => ctx.line(text.trim_end()),
        Some(path) => {
            write_atomically(path, text.as_bytes())
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
            ctx.line(format!(
                "Wrote your year to {}{}.",
                path.display(),
                if args.private {
                    " (private reflections included)"
                } else {
                    " (shared reflections only; --private adds the others)"
                }
            ));
        }
    }
    Ok(())
}
