//! Placeholder: this command family is being written.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EventsArgs {}

pub fn events(_: &super::Ctx, _: EventsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct EventArgs {}

pub fn event(_: &super::Ctx, _: EventArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct SourcesArgs {}

pub fn sources(_: &super::Ctx, _: SourcesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct GradeArgs {}

pub fn grade(_: &super::Ctx, _: GradeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct EstimateArgs {}

pub fn estimate(_: &super::Ctx, _: EstimateArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

