//! The words the generator writes with, taken from tally's own lexicons.
//!
//! Places and organisations come from `crates/core/data/places.tsv` and `orgs.tsv`, the
//! same files the extractor matches against, so every place a generated report names is one
//! the gazetteer knows, with its canonical English name and country for the gold, and its
//! first English and first Korean alias for the text. This module only reads those files;
//! it does not decide what a sentence says (see `doc`) and keeps no extractor logic.

use std::sync::OnceLock;

use tally_core::CountryCode;

const PLACES_TSV: &str = include_str!("../../core/data/places.tsv");
const ORGS_TSV: &str = include_str!("../../core/data/orgs.tsv");

/// A gazetteer entry the generator can name.
#[derive(Debug, Clone)]
pub struct Place {
    /// Canonical English name: the gold's `region` (for regions and cities).
    pub name: String,
    pub country: Option<CountryCode>,
    pub kind: PlaceKind,
    /// How the English text names it (the first English alias).
    pub en: String,
    /// How the Korean text names it (the first Hangul alias), when the lexicon has one.
    pub ko: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    City,
    NorthKorea,
}

impl Place {
    /// The gold `destination` (or `origin`) for this place: a country has no region.
    pub fn gold(&self) -> tally_core::Place {
        tally_core::Place {
            country: self.country,
            region: (self.kind != PlaceKind::Country).then(|| self.name.clone()),
        }
    }

    /// The gold `origin` entry: a North Korean place, `KP`, with its region unless it is
    /// the country itself.
    pub fn gold_origin(&self) -> tally_core::Place {
        tally_core::Place {
            country: CountryCode::new("KP"),
            region: (self.name != "North Korea").then(|| self.name.clone()),
        }
    }

    /// The English name as it stands in a sentence ("the United Arab Emirates").
    pub fn en_in_sentence(&self) -> String {
        const WITH_THE: [&str; 6] = [
            "United Arab Emirates",
            "Republic of the Congo",
            "Democratic Republic of the Congo",
            "Czech Republic",
            "Netherlands",
            "Philippines",
        ];
        if WITH_THE.contains(&self.name.as_str()) { format!("the {}", self.en) } else { self.en.clone() }
    }
}

/// An organisation: canonical English name (the gold) and how each language writes it.
#[derive(Debug, Clone)]
pub struct Org {
    pub name: String,
    pub en: String,
    pub ko: Option<String>,
}

/// Everything the generator takes from the lexicons.
#[derive(Debug)]
pub struct Words {
    /// Places abroad where workers can be sent: countries, regions and cities with a country.
    pub destinations: Vec<Place>,
    /// North Korean places, for origins.
    pub origins: Vec<Place>,
    pub orgs: Vec<Org>,
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{1100}'..='\u{11FF}').contains(&c)
}

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

fn first_aliases(aliases: &str) -> (Option<String>, Option<String>) {
    let en = aliases.split('|').find(|a| !a.chars().any(is_hangul)).map(str::to_owned);
    let ko = aliases.split('|').find(|a| a.chars().any(is_hangul)).map(str::to_owned);
    (en, ko)
}

/// Countries and places outside Russia, China and Ukraine where the lexicon's countries are
/// rarely destinations of dispatch in reporting: left out so that the generated reports
/// stay plausible (Hong Kong and Macau carry their own codes in the gazetteer).
const NOT_DESTINATIONS: [&str; 14] =
    ["HK", "MO", "JP", "TW", "IN", "PK", "BD", "NP", "NL", "DE", "CZ", "RO", "BG", "TR"];

impl Words {
    fn parse() -> Words {
        let mut destinations = Vec::new();
        let mut origins = Vec::new();
        for r in rows(PLACES_TSV) {
            let [name, country, kind, aliases] = r[..] else { continue };
            let (en, ko) = first_aliases(aliases);
            let kind = match kind {
                "country" => PlaceKind::Country,
                "region" => PlaceKind::Region,
                "city" => PlaceKind::City,
                "nk" => PlaceKind::NorthKorea,
                _ => continue,
            };
            let country = CountryCode::new(country);
            let place = Place { name: name.to_owned(), country, kind, en: en.unwrap_or(name.to_owned()), ko };
            if kind == PlaceKind::NorthKorea {
                // Origins are named as a reader names them: provinces and cities, not the
                // umbrella phrases ("provinces outside Pyongyang", "Pyongan provinces").
                if !name.contains("provinces") && name != "North Korea" && place.ko.is_some() {
                    origins.push(place);
                }
            } else if country.is_some_and(|c| !NOT_DESTINATIONS.contains(&c.as_str())) && place.ko.is_some() {
                destinations.push(place);
            }
        }
        let orgs = rows(ORGS_TSV)
            .filter_map(|r| {
                let [name, aliases] = r[..] else { return None };
                let (en, ko) = first_aliases(aliases);
                Some(Org { name: name.to_owned(), en: en?, ko })
            })
            .collect();
        Words { destinations, origins, orgs }
    }

    /// The organisation with this canonical name. The names the generator asks for are
    /// constants of this crate, checked by a unit test.
    pub fn org(&self, name: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.name == name)
    }

    /// Destinations in one country.
    pub fn in_country<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Place> + 'a {
        self.destinations.iter().filter(move |p| p.country.is_some_and(|c| c.as_str() == code))
    }
}

/// The words, parsed once.
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(Words::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicons_give_destinations_in_both_languages() {
        let w = words();
        let vlad = w.destinations.iter().find(|p| p.name == "Vladivostok").expect("Vladivostok");
        assert_eq!(vlad.country.unwrap().as_str(), "RU");
        assert_eq!(vlad.ko.as_deref(), Some("블라디보스토크"));
        assert_eq!(vlad.gold().region.as_deref(), Some("Vladivostok"));
        let russia = w.destinations.iter().find(|p| p.name == "Russia").unwrap();
        assert_eq!(russia.gold().region, None);
        assert!(w.destinations.iter().all(|p| p.country.unwrap().as_str() != "KP"));
        assert!(w.origins.iter().any(|p| p.name == "Hyesan"));
        assert!(w.in_country("UA").count() >= 5);
    }

    #[test]
    fn organisations_have_their_canonical_names() {
        let cadres = words().org("Cadres Department of the Workers' Party of Korea").unwrap();
        assert_eq!(cadres.ko.as_deref(), Some("간부부"));
    }
}
