//! `tandem reflect`.

use super::args::ReflectCmd;
use super::ctx::{CliResult, Ctx};
use super::fmt;
use crate::domain::{Goal, Kind, Reflection, Visibility, normalize_tag};

pub fn run(ctx: &mut Ctx, cmd: ReflectCmd) -> CliResult {
    let me = ctx.me()?;
    match cmd {
        ReflectCmd::Add {
            text,
            prompt,
            tags,
            goal,
            shared,
            date,
        } => {
            let mut r = Reflection::new(me.id, &text, ctx.now);
            if let Some(d) = date {
                r.date = ctx.parse_date(&d)?;
            }
            r.prompt = prompt
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty());
            for t in &tags {
                r.add_tag(t)?;
            }
            r.goal = goal.map(|g| ctx.resolve(&g, Kind::Goal)).transpose()?;
            if shared {
                r.meta.visibility = Visibility::Shared;
            }
            ctx.save(&r)?;
            done(ctx, &r, "Saved")
        }
        ReflectCmd::List { tag, limit, mine } => {
            let tag = tag.map(|t| normalize_tag(&t)).transpose()?;
            let people = ctx.people(&me, mine)?;
            let mut reflections: Vec<Reflection> = Vec::new();
            for p in &people {
                reflections.extend(match &tag {
                    // A tag filter reads newest first until it has `limit` matches.
                    Some(t) => ctx
                        .store
                        .newest_reflections(p.id, usize::MAX)?
                        .into_iter()
                        .filter(|r| r.tags.contains(t))
                        .take(limit)
                        .collect(),
                    None => ctx.store.newest_reflections(p.id, limit)?,
                });
            }
            ctx.keep_pair(&me, &mut reflections)?;
            reflections.sort_by(|a, b| {
                (b.date, b.meta.created, b.meta.id).cmp(&(a.date, a.meta.created, a.meta.id))
            });
            reflections.truncate(limit);
            let both = reflections.iter().any(|r| r.meta.author != me.id);
            if ctx.json {
                return ctx.json_out(&reflections);
            }
            if reflections.is_empty() {
                ctx.line(match tag {
                    Some(t) => format!("No reflections tagged #{t}."),
                    None => "No reflections yet: `tandem reflect add \"...\"` writes one (private unless --shared).".into(),
                });
                return Ok(());
            }
            let mut rows = Vec::new();
            for r in &reflections {
                rows.push(vec![
                    ctx.short(r.meta.id)?,
                    fmt::date(r.date),
                    fmt::visibility(r.meta.visibility).to_string(),
                    fmt::line(&r.hashtags(), 30),
                    fmt::line(&r.text, 60),
                ]);
                if both {
                    rows.last_mut()
                        .expect("just pushed")
                        .insert(1, fmt::author(r.meta.author, &people));
                }
            }
            if both {
                ctx.table(&["ID", "BY", "DATE", "VISIBILITY", "TAGS", "TEXT"], &rows);
            } else {
                ctx.table(&["ID", "DATE", "VISIBILITY", "TAGS", "TEXT"], &rows);
            }
            Ok(())
        }
        ReflectCmd::Show { id } => {
            let r: Reflection = ctx.load(&id)?;
            if ctx.json {
                return ctx.json_out(&r);
            }
            let short = ctx.short(r.meta.id)?;
            ctx.line(format!(
                "{} — {} ({short})",
                fmt::date(r.date),
                fmt::visibility(r.meta.visibility)
            ));
            if let Some(p) = &r.prompt {
                ctx.line(format!("  prompt  {}", fmt::line(p, 100)));
            }
            if !r.tags.is_empty() {
                ctx.line(format!("  tags    {}", fmt::line(&r.hashtags(), 100)));
            }
            if let Some(g) = r.goal {
                let title = ctx
                    .store
                    .get::<Goal>(g)?
                    .map(|g| fmt::line(&g.title, 80))
                    .unwrap_or_else(|| "(deleted)".into());
                ctx.line(format!("  goal    {title}"));
            }
            ctx.line("");
            ctx.line(fmt::block(&r.text, "  "));
            Ok(())
        }
        ReflectCmd::Share { id } => set_visibility(ctx, &me, &id, Visibility::Shared),
        ReflectCmd::Private { id } => set_visibility(ctx, &me, &id, Visibility::Private),
        ReflectCmd::Rm { id } => ctx.remove(&me, &id, |r: &Reflection, short| {
            format!("Deleted reflection {short} of {}.", fmt::date(r.date))
        }),
    }
}

fn set_visibility(
    ctx: &mut Ctx,
    me: &crate::domain::Profile,
    id: &str,
    v: Visibility,
) -> CliResult {
    let mut r: Reflection = ctx.load(id)?;
    ctx.check_mine(&r, me)?;
    r.set_visibility(v, ctx.now);
    ctx.save(&r)?;
    done(ctx, &r, "Updated")
}

fn done(ctx: &mut Ctx, r: &Reflection, verb: &str) -> CliResult {
    let who = match r.meta.visibility {
        Visibility::Private => "private: only you see it",
        Visibility::Shared => "shared with your partner",
    };
    ctx.report(r, |short| format!("{verb} reflection {short} ({who})."))
}
