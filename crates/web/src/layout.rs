//! The page shell every HTML page shares: the head (our stylesheet and script, nothing
//! from elsewhere), a skip link, the navigation with the current page marked for screen
//! readers, the account and its sign-out form. Plus the small view helpers pages share
//! (figures, claim fields, the CSRF field).
//!
//! It does not know any page's content, and renders nothing from user input unescaped:
//! maud escapes every interpolation.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use tally_core::Claim;
use tally_core::corroborate::interval::group;
use tally_core::corroborate::title::{count_text, money_text, place_name};

use crate::auth::Session;

/// A navigation entry: path, label, who sees it.
struct Nav {
    path: &'static str,
    label: &'static str,
    editors_only: bool,
    admins_only: bool,
}

const NAV: &[Nav] = &[
    Nav { path: "/", label: "Dashboard", editors_only: false, admins_only: false },
    Nav { path: "/documents", label: "Documents", editors_only: false, admins_only: false },
    Nav { path: "/search", label: "Search", editors_only: false, admins_only: false },
    Nav { path: "/events", label: "Events", editors_only: false, admins_only: false },
    Nav { path: "/estimates", label: "Estimates", editors_only: false, admins_only: false },
    Nav { path: "/map", label: "Map", editors_only: false, admins_only: false },
    Nav { path: "/sources", label: "Sources", editors_only: false, admins_only: false },
    Nav { path: "/tips", label: "Tips", editors_only: true, admins_only: false },
    Nav { path: "/audit", label: "Audit log", editors_only: false, admins_only: false },
    Nav { path: "/users", label: "Accounts", editors_only: false, admins_only: true },
];

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · tally" }
            link rel="stylesheet" href="/static/app.css";
            script src="/static/app.js" defer {}
        }
    }
}

/// A page for a signed-in user. `active` is the navigation path of the section.
pub fn page(title: &str, session: &Session, active: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                a class="skip" href="#main" { "Skip to content" }
                header class="top" {
                    a class="brand" href="/" { "tally" }
                    nav aria-label="Main" {
                        ul {
                            @for n in NAV {
                                @if (!n.editors_only || session.can_edit()) && (!n.admins_only || session.is_admin()) {
                                    li {
                                        @if n.path == active {
                                            a href=(n.path) aria-current="page" { (n.label) }
                                        } @else {
                                            a href=(n.path) { (n.label) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    form class="account" method="post" action="/logout" {
                        (csrf_field(session))
                        span { (session.name()) " (" (session.user.role) ")" }
                        " "
                        button type="submit" class="link" { "Sign out" }
                    }
                }
                main id="main" tabindex="-1" {
                    (body)
                }
            }
        }
    }
}

/// A page without navigation (sign-in).
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main id="main" class="narrow" { (body) }
            }
        }
    }
}

/// The hidden field every form of a session carries.
pub fn csrf_field(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf); }
}

/// A whole number with thousands separators.
pub fn num(v: f64) -> String {
    group(v)
}

/// A claim's fields as (label, text) rows, for cards and side-by-side views.
pub fn claim_rows(c: &Claim) -> Vec<(&'static str, String)> {
    let mut rows = vec![("kind", c.kind.as_str().replace('_', " "))];
    let mut push = |label: &'static str, v: String| {
        if !v.is_empty() {
            rows.push((label, v));
        }
    };
    push("count", c.count.map(|x| count_text(&x)).unwrap_or_default());
    if let Some(t) = c.teams {
        let n = t.count.map(|x| count_text(&x)).unwrap_or_else(|| "?".into());
        let s = t.size.map(|x| count_text(&x)).unwrap_or_else(|| "?".into());
        push("teams", format!("{n} teams of {s}"));
    }
    push("money", c.money.map(|m| money_text(&m)).unwrap_or_default());
    push("round", c.round.map(|r| r.to_string()).unwrap_or_default());
    push("destination", c.destination.as_ref().map(place_label).unwrap_or_default());
    push("origin", c.origin.iter().map(place_label).collect::<Vec<_>>().join("; "));
    push(
        "time",
        c.time.as_ref().map(|t| format!("{} … {} (“{}”)", t.start(), t.end(), t.text)).unwrap_or_default(),
    );
    push("organisations", c.organisations.join("; "));
    push("legal references", c.legal_refs.join("; "));
    push(
        "source",
        if c.source.text.is_empty() {
            c.source.kind.as_str().replace('_', " ")
        } else {
            format!("{} — “{}”", c.source.kind.as_str().replace('_', " "), c.source.text)
        },
    );
    push("purpose", c.purpose.clone().unwrap_or_default());
    rows
}

/// "Russian-occupied eastern Ukraine (UA)".
pub fn place_label(p: &tally_core::Place) -> String {
    match (p.country, &p.region) {
        (Some(c), Some(_)) => format!("{} ({c})", place_name(p)),
        _ => place_name(p),
    }
}

/// An inline SVG drawn by [`crate::charts`]: our own markup, inserted as is.
pub fn svg(s: &str) -> Markup {
    PreEscaped(s.to_owned())
}

/// Singular or plural: "1 claim", "3 claims".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
