//! The PDF standard security handler, revision 3 (RC4 with a 128-bit key), as in
//! ISO 32000-1 section 7.6.3: the `/O` and `/U` entries for a user password, and the
//! per-object keys that encrypt strings and streams.
//!
//! RC4 is weak cryptography; it is here because it is what many real applicants' PDFs
//! use and what every reader must open, and because these files are synthetic.

use md5::{Digest, Md5};

/// The 32-byte padding string of the standard security handler.
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// Permissions granted to the user (ISO 32000-1 table 22): everything.
pub const PERMISSIONS: i32 = -4;

fn md5(parts: &[&[u8]]) -> [u8; 16] {
    let mut h = Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

fn padded(password: &str) -> [u8; 32] {
    // PDF passwords are PDFDocEncoding; for the ASCII passwords used here, the bytes.
    let bytes = password.as_bytes();
    let mut out = PAD;
    let n = bytes.len().min(32);
    out[..n].copy_from_slice(&bytes[..n]);
    out[n..].copy_from_slice(&PAD[..32 - n]);
    out
}

/// RC4 over `data` with `key` (encryption and decryption are the same operation).
pub fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            b ^ s[usize::from(s[usize::from(i)].wrapping_add(s[usize::from(j)]))]
        })
        .collect()
}

/// RC4 applied 20 times with the key XOR-ed by 0..=19 (algorithms 3 and 5).
fn rc4_20(key: &[u8; 16], data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for i in 0..20u8 {
        let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
        out = rc4(&k, &out);
    }
    out
}

/// The encryption of one document: the values of its `/Encrypt` dictionary and the
/// file key.
#[derive(Debug, Clone)]
pub struct Security {
    /// `/O`: the owner password entry.
    pub owner: [u8; 32],
    /// `/U`: the user password entry.
    pub user: [u8; 32],
    key: [u8; 16],
}

impl Security {
    /// Computes the entries for `user_password` and `owner_password`, with the first
    /// element of the file's `/ID`.
    pub fn new(user_password: &str, owner_password: &str, file_id: &[u8]) -> Self {
        // Algorithm 3: /O.
        let mut h = md5(&[&padded(owner_password)]);
        for _ in 0..50 {
            h = md5(&[&h]);
        }
        let owner: [u8; 32] = rc4_20(&h, &padded(user_password))
            .try_into()
            .unwrap_or([0; 32]);
        // Algorithm 2: the file key.
        let mut key = md5(&[
            &padded(user_password),
            &owner,
            &PERMISSIONS.to_le_bytes(),
            file_id,
        ]);
        for _ in 0..50 {
            key = md5(&[&key]);
        }
        // Algorithm 5: /U (16 bytes of result, 16 of arbitrary padding).
        let mut user = [0u8; 32];
        user[..16].copy_from_slice(&rc4_20(&key, &md5(&[&PAD, file_id])));
        user[16..].copy_from_slice(&PAD[..16]);
        Self { owner, user, key }
    }

    /// Encrypts the bytes of a string or stream of object `num` (generation 0).
    pub fn encrypt(&self, num: u32, data: &[u8]) -> Vec<u8> {
        let n = num.to_le_bytes();
        let object_key = md5(&[&self.key, &n[..3], &[0, 0]]);
        rc4(&object_key, data)
    }

    /// The `/Encrypt` dictionary.
    pub fn dictionary(&self) -> String {
        format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P {} /O <{}> /U <{}> >>",
            PERMISSIONS,
            hex(&self.owner),
            hex(&self.user)
        )
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_matches_the_published_test_vector() {
        // "Key" / "Plaintext" from the RC4 article test vectors.
        assert_eq!(hex(&rc4(b"Key", b"Plaintext")), "bbf316e8d940af0ad3");
    }

    #[test]
    fn the_same_inputs_give_the_same_entries() {
        let a = Security::new("secret", "owner", b"0123456789abcdef");
        let b = Security::new("secret", "owner", b"0123456789abcdef");
        assert_eq!(a.dictionary(), b.dictionary());
        assert_ne!(a.encrypt(4, b"abc"), a.encrypt(5, b"abc"));
    }
}
