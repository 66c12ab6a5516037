//! Names for demo people and representatives: a mix that looks like the applicants of a
//! Québec technology-workers program, with accents so search and sorting meet them.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use store::ops::NewRepresentative;

const FAMILY: &[&str] = &[
    "Nguyen",
    "Tremblay",
    "Gagnon",
    "Singh",
    "Patel",
    "Wang",
    "Li",
    "Zhang",
    "Kumar",
    "Haddad",
    "Benali",
    "El Amrani",
    "Côté",
    "Bouchard",
    "Pelletier",
    "Silva",
    "Oliveira",
    "Santos",
    "Kowalski",
    "Nowak",
    "Ivanova",
    "Petrov",
    "Kim",
    "Park",
    "Tanaka",
    "Sato",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Diallo",
    "Traoré",
    "Rahman",
    "Hossain",
    "Fernández",
    "García",
    "Martínez",
    "Müller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Roy",
    "Chen",
    "Huang",
    "Ahmed",
    "Hassan",
    "Mohammadi",
    "Karimi",
    "Yilmaz",
    "Demir",
];

const GIVEN: &[&str] = &[
    "Thi Lan",
    "Minh",
    "Aarav",
    "Priya",
    "Wei",
    "Mei",
    "Jun",
    "Hiroshi",
    "Yuki",
    "Sofia",
    "Mateo",
    "Lucía",
    "João",
    "Ana",
    "Olga",
    "Dmitri",
    "Chidi",
    "Amara",
    "Kwame",
    "Fatou",
    "Moussa",
    "Youssef",
    "Amina",
    "Leïla",
    "Karim",
    "Nadia",
    "Élodie",
    "Mathieu",
    "Gabriel",
    "Camille",
    "Zoé",
    "Félix",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Ji-woo",
    "Seo-yeon",
    "Arjun",
    "Ananya",
    "Rohan",
    "Ishaan",
    "Sara",
    "Omar",
    "Layla",
    "Tomasz",
    "Zofia",
    "Hélène",
    "François",
    "Anaïs",
];

const FIRMS: &[&str] = &[
    "Cabinet Lavoie immigration",
    "Services d'immigration Boréal",
    "Montréal Immigration Conseil",
    "Northbridge Immigration Law",
];

pub fn family(rng: &mut ChaCha8Rng) -> &'static str {
    FAMILY[rng.gen_range(0..FAMILY.len())]
}

pub fn given(rng: &mut ChaCha8Rng) -> &'static str {
    GIVEN[rng.gen_range(0..GIVEN.len())]
}

pub fn representative(rng: &mut ChaCha8Rng) -> NewRepresentative {
    let name = format!("{} {}", given(rng), family(rng));
    let firm = FIRMS[rng.gen_range(0..FIRMS.len())];
    let email = format!(
        "{}@example.org",
        name.to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    );
    NewRepresentative {
        name,
        organization: Some(firm.to_owned()),
        email: Some(email),
        licence: Some(format!("CRIC-{:06}", rng.gen_range(100_000..999_999))),
    }
}
