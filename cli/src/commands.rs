//! `workos-dsync directories list|get|delete`.

use std::io::{self, BufRead, IsTerminal, Write};

use workos_dsync::{Client, Directory, ListParams};

use crate::args::{DirectoriesCommand, ListArgs};
use crate::render::{details, printable, Table};
use crate::Failure;

pub async fn directories(client: &Client, cmd: DirectoriesCommand) -> Result<(), Failure> {
    match cmd {
        DirectoriesCommand::List(args) if args.all => list_all(client, args).await,
        DirectoriesCommand::List(args) => list_page(client, args).await,
        DirectoriesCommand::Get { id, json } => get(client, &id, json).await,
        DirectoriesCommand::Delete { id, yes } => delete(client, &id, yes).await,
    }
}

fn params(args: &ListArgs) -> ListParams {
    ListParams {
        organization_id: args.organization_id.clone(),
        search: args.search.clone(),
        domain: args.domain.clone(),
        limit: args.limit,
        before: args.before.clone(),
        after: args.after.clone(),
        order: args.order,
    }
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("models serialize to JSON")
}

async fn list_page(client: &Client, args: ListArgs) -> Result<(), Failure> {
    let params = params(&args);
    let forward = params.forward();
    let page = client
        .directory_sync()
        .list_directories_with(params)
        .await?;
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", pretty(&page))?;
        return Ok(());
    }
    if page.data.is_empty() {
        writeln!(out, "No directories.")?;
    } else {
        let table = Table::fitting(&page.data);
        writeln!(out, "{}", table.header())?;
        for d in &page.data {
            writeln!(out, "{}", table.row(d))?;
        }
    }
    out.flush()?;
    // `--before` for `--order normal`, where the API reverses the cursors.
    if let Some(next) = page.list_metadata.cursor(forward) {
        eprintln!(
            "more directories follow: --{} {}, or --all for every page",
            forward.as_str(),
            printable(next)
        );
    }
    Ok(())
}

/// Prints every page as it arrives, holding one page at a time. JSON output is
/// one array, written item by item.
async fn list_all(client: &Client, args: ListArgs) -> Result<(), Failure> {
    let mut pages = client
        .directory_sync()
        .list_directories_with(params(&args))
        .into_pages();
    let progress = io::stderr().is_terminal();
    let mut table: Option<Table> = None;
    let mut total = 0usize;
    let mut out = io::stdout().lock();
    if args.json {
        write!(out, "[")?;
    }
    while let Some(page) = pages.next_page().await? {
        if progress {
            // Clear the progress line before rows are written under it.
            eprint!("\r\x1b[2K");
        }
        for d in &page.data {
            if args.json {
                let sep = if total == 0 { "\n" } else { ",\n" };
                write!(out, "{sep}{}", indent(&pretty(d)))?;
            } else {
                let t = table.get_or_insert_with(|| Table::fitting(&page.data));
                if total == 0 {
                    writeln!(out, "{}", t.header())?;
                }
                writeln!(out, "{}", t.row(d))?;
            }
            total += 1;
        }
        out.flush()?;
        if progress && !pages.is_done() {
            eprint!("fetched {total} directories…");
        }
    }
    if args.json {
        writeln!(out, "{}]", if total == 0 { "" } else { "\n" })?;
    } else if total == 0 {
        writeln!(out, "No directories.")?;
    }
    out.flush()?;
    if progress {
        eprintln!("{total} directories");
    }
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn get(client: &Client, id: &str, json: bool) -> Result<(), Failure> {
    let d = client.directory_sync().get_directory(id).await?;
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", pretty(&d))?;
    } else {
        write!(out, "{}", details(&d))?;
    }
    Ok(())
}

async fn delete(client: &Client, id: &str, yes: bool) -> Result<(), Failure> {
    if !yes {
        if !io::stdin().is_terminal() {
            return Err(Failure::Usage(
                "refusing to delete without --yes: stdin is not a terminal, so nobody can confirm"
                    .into(),
            ));
        }
        // Show what would go, and fail early on a wrong id, before asking.
        let d = client.directory_sync().get_directory(id).await?;
        if !confirm(&d)? {
            return Err(Failure::Declined);
        }
    }
    client.directory_sync().delete_directory(id).await?;
    // The id is the user's, but it may have been pasted from server output.
    writeln!(io::stdout(), "deleted {}", printable(id))?;
    Ok(())
}

fn confirm(d: &Directory) -> Result<bool, Failure> {
    eprint!(
        "Delete directory {} ({}, {})? This cannot be undone. [y/N] ",
        printable(&d.id),
        printable(&d.name),
        printable(d.r#type.as_str())
    );
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
