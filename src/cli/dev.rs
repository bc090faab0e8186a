//! Hidden commands for developing and testing tandem.

use std::io::Write;

use super::args::DevCmd;
use super::ctx::{CliError, CliResult, Ctx};
use crate::domain::Goal;

pub fn run(ctx: &mut Ctx, cmd: DevCmd) -> CliResult {
    if let DevCmd::Demo { mentor } = cmd {
        if !ctx.store.profiles()?.is_empty() {
            return Err(CliError::Usage(
                "the demo programme goes into an empty store only".into(),
            ));
        }
        let me = if mentor {
            crate::demo::populate_mentor(&ctx.store, ctx.now)?
        } else {
            crate::demo::populate(&ctx.store, ctx.now)?
        };
        ctx.line(format!(
            "Filled the store with the demo programme of {}.",
            me.name
        ));
        return Ok(());
    }
    let me = ctx.me()?;
    match cmd {
        DevCmd::Demo { .. } => unreachable!("handled above"),
        DevCmd::WriteLoop { count } => {
            // Each line is printed only after its write was flushed: a crash
            // test may rely on every printed id being in the store.
            let mut out = std::io::stdout().lock();
            let mut i = 0u64;
            while count == 0 || i < count {
                let goal = Goal::new(me.id, &format!("write {i}"), ctx.now);
                ctx.store.put(&goal)?;
                writeln!(out, "ok {}", goal.meta.id)
                    .and_then(|()| out.flush())
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                i += 1;
            }
            Ok(())
        }
        DevCmd::Seed { records } => {
            let written = crate::seed::seed(&ctx.store, &me, ctx.now, records)?;
            ctx.line(format!("Added {written} generated records."));
            Ok(())
        }
    }
}
