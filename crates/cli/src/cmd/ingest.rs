//! Placeholder.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

#[allow(unused)]
pub fn run(ctx: &super::Ctx, args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
