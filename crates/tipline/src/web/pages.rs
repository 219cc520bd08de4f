//! The tip line's pages, as server-rendered HTML with no script, no image, no font and no
//! resource from anywhere but this server, so they work in Tor Browser at "Safest". The
//! words speak to a frightened person in plain language. This module renders only; it
//! decides nothing.

use maud::{DOCTYPE, Markup, html};

use crate::config::Limits;
use crate::vault::ReplyView;

/// The stylesheet, served at `/style.css` (a `style-src 'self'` policy forbids inline styles).
pub const STYLE: &str = include_str!("../../assets/style.css");

fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " — tip line" }
                link rel="stylesheet" href="/style.css";
            }
            body {
                header { a href="/" { "Tip line" } }
                main { (body) }
                footer {
                    p { "This site uses no JavaScript, no cookies and nothing from other sites. "
                        "It does not record your IP address, your browser or the time of your visit." }
                }
            }
        }
    }
}

fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m >= 1.0 { format!("{m:.0} MB") } else { format!("{} KB", bytes / 1024) }
}

/// The landing page: what this is, and how to stay safe.
pub fn landing() -> Markup {
    page(
        "Send us a tip",
        html! {
            h1 { "Send us a tip, safely" }
            p { "This page lets you send information and files to our team without telling us who you are. "
                "Everything you send is locked (encrypted) the moment it arrives, so that even this server "
                "cannot read it; only the team's own keys, kept elsewhere, can open it." }
            h2 { "Before you start" }
            ol.advice {
                li { strong { "Use Tor Browser" } " and set its security level to " strong { "Safest" }
                     " (shield icon → Settings). This site works fully at that setting. Tor hides where you are "
                     "connecting from; an ordinary browser does not." }
                li { strong { "Do not use a work device or a work network" }
                     ", or any phone or computer that your employer, a manager, or the authorities can look at. "
                     "Avoid networks that are linked to you. Do not send from a place where someone can see your screen." }
                li { strong { "Files carry hidden information." }
                     " A photo can record where and when it was taken and with which phone; a document can "
                     "record who wrote it. We remove this from JPEG and PNG pictures and PDF documents before "
                     "our team looks at them, but not from other kinds of file. If you can, send a photo or "
                     "a PDF instead of the original file." }
                li { strong { "Think about what your words reveal." }
                     " Do not write your name, your job title or details that only you, or only a few people, "
                     "could know — unless you want us to know them. Tell us what happened, where and when." }
                li { strong { "You will get a codename of seven words." }
                     " Write it on paper and keep it hidden, or remember it. With it you can come back to "
                     "read our questions and answer them. We cannot recover it for you, and we never ask for it "
                     "anywhere else." }
                li { "After you finish, close Tor Browser so it forgets this visit." }
            }
            p.actions {
                a.button href="/submit" { "Write a tip" }
                " "
                a.button.secondary href="/return" { "I have a codename" }
            }
        },
    )
}

/// The submission form, with its limits stated.
pub fn submit_form(limits: &Limits) -> Markup {
    page(
        "Write a tip",
        html! {
            h1 { "Write a tip" }
            (tip_fields_form("/submit", None, limits, "Send securely"))
        },
    )
}

fn limits_text(limits: &Limits) -> String {
    format!(
        "Limits: message up to {}; up to {} files; {} in total for everything you send at once.",
        mib(limits.max_message_bytes),
        limits.max_attachments,
        mib(limits.max_submission_bytes)
    )
}

fn tip_fields_form(action: &str, codename: Option<&str>, limits: &Limits, button: &str) -> Markup {
    html! {
        form method="post" action=(action) enctype="multipart/form-data" accept-charset="UTF-8" {
            @if let Some(c) = codename {
                input type="hidden" name="codename" value=(c);
            }
            label for="message" { "Your message" }
            textarea id="message" name="message" rows="12" spellcheck="false" autocomplete="off" {}
            label for="attachment" { "Files (optional; you can choose several)" }
            input id="attachment" type="file" name="attachment" multiple;
            p.limits { (limits_text(limits)) }
            p.hint { "Pictures (JPEG, PNG) and PDF documents are cleaned of hidden information before our team "
                     "opens them. Other files are kept exactly as you send them." }
            button type="submit" { (button) }
        }
    }
}

/// Shown once, right after a new tip was stored.
pub fn codename(codename: &str) -> Markup {
    page(
        "Your codename",
        html! {
            h1 { "Sent. Here is your codename." }
            p { "Your tip was encrypted and stored. Only our team can open it." }
            p.codename lang="en" { (codename) }
            p { strong { "Write these seven words down now, or learn them by heart." }
                " This page will not be shown again, and we cannot recover the codename. "
                "Anyone who has it can read our replies to you, so keep it hidden." }
            p { "Come back in a few days: choose “I have a codename” on the first page and enter it to read "
                "our questions and answer them." }
            p.actions { a.button href="/" { "Done" } }
        },
    )
}

/// The form where a returning source types their codename.
pub fn return_form(error: Option<&str>) -> Markup {
    page(
        "Come back with your codename",
        html! {
            h1 { "Come back with your codename" }
            @if let Some(e) = error {
                p.error role="alert" { (e) }
            }
            form method="post" action="/return" accept-charset="UTF-8" {
                label for="codename" { "Your codename (seven words)" }
                input id="codename" type="password" name="codename" autocomplete="off" spellcheck="false"
                    autocapitalize="none" maxlength="256";
                button type="submit" { "Continue" }
            }
        },
    )
}

/// The conversation as the source sees it: the team's replies and a form to answer. A wrong
/// codename gets this same page with no replies.
pub fn conversation(codename: &str, replies: &[ReplyView], limits: &Limits) -> Markup {
    page(
        "Your conversation",
        html! {
            h1 { "Your conversation" }
            @if replies.is_empty() {
                p.none { "There are no replies from our team yet. Please check again in a few days." }
            } @else {
                @for r in replies {
                    article.reply {
                        p.day { "From our team, " (r.day) }
                        pre { (r.text.as_str()) }
                    }
                }
            }
            p.hint { "For your safety, the messages you sent are not shown here: they are sealed so that only "
                     "our team can read them." }
            h2 { "Send us more" }
            (tip_fields_form("/reply", Some(codename), limits, "Send securely"))
        },
    )
}

/// After a source's follow-up message.
pub fn reply_sent() -> Markup {
    page(
        "Sent",
        html! {
            h1 { "Sent" }
            p { "Your message was encrypted and stored. Only our team can open it. "
                "Your codename stays the same; use it to come back." }
            p.actions { a.button href="/" { "Done" } }
        },
    )
}

/// A refusal or failure: a heading, what happened, and what to do.
pub fn problem(heading: &str, text: &str) -> Markup {
    page(
        heading,
        html! {
            h1 { (heading) }
            p { (text) }
            p.actions { a.button href="/" { "Back to the start" } }
        },
    )
}
