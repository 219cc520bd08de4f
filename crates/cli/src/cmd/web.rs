//! Placeholder: this command family is being written.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

pub fn serve(_: &super::Ctx, _: ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct UserArgs {}

pub fn user(_: &super::Ctx, _: UserArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {}

pub fn audit(_: &super::Ctx, _: AuditArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

