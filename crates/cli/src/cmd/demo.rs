//! Placeholder: this command family is being written.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: &super::Ctx, _: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

