//! Field-level encryption with AES-256-GCM (ring), a data key per data
//! subject wrapped by a master key, and crypto-shredding (seed section 1.1,
//! layer 4; GDPR Art. 32(1)(a)).
//!
//! - Each data subject gets a random 256-bit **data key**, stored only
//!   wrapped (AES-256-GCM) under a **master key** the host keeps in its key
//!   management system. Rotating the master key re-wraps the data keys; no
//!   encrypted field is touched.
//! - Each field is sealed with the subject's data key and a fresh 96-bit
//!   nonce from the entropy source. The subject, record and field ids are
//!   bound as associated data, so a ciphertext copied to another record,
//!   field or subject fails to decrypt.
//! - **Crypto-shredding**: deleting a subject's data key makes every field
//!   sealed under it unrecoverable, wherever copies of the ciphertext live
//!   (backups included), which is how erasure (Art. 17) reaches them.
//!
//! The sealed form is `v1.<nonce>.<ciphertext and tag>`, base64url.
//!
//! # Examples
//!
//! ```
//! use itsm_core::{SeededEntropy, UserId};
//! use itsm_gdpr::encryption::{FieldCipher, FieldRef, InMemoryKeyStore, MasterKey};
//!
//! let entropy = SeededEntropy::new(3);
//! let cipher = FieldCipher::new(MasterKey::generate("mk-2026", &entropy)?);
//! let store = InMemoryKeyStore::default();
//! let subject = UserId::generate(&entropy)?;
//!
//! let field = FieldRef::new(subject, "INC0042", "caller_phone");
//! let sealed = cipher.encrypt(&store, &field, b"+49 30 1234567", &entropy)?;
//! assert_eq!(cipher.decrypt(&store, &field, &sealed)?.as_slice(), b"+49 30 1234567");
//!
//! // Moved to another record: refused.
//! let elsewhere = FieldRef::new(subject, "INC0043", "caller_phone");
//! assert!(cipher.decrypt(&store, &elsewhere, &sealed).is_err());
//!
//! // Erasure by crypto-shredding.
//! cipher.shred(&store, subject)?;
//! assert!(cipher.decrypt(&store, &field, &sealed).is_err());
//! # Ok::<(), itsm_gdpr::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use itsm_core::{Entropy, UserId, fill_array};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use crate::Error;

const DATA_KEY_AAD: &[u8] = b"itsm-gdpr data key v1";

/// A master key: wraps data keys. `Debug` shows only its id.
pub struct MasterKey {
    id: String,
    key: LessSafeKey,
}

impl MasterKey {
    /// A master key from 32 bytes the host's key management system holds.
    ///
    /// # Errors
    ///
    /// [`Error::Key`] unless `bytes` is 32 bytes and `id` is 1..=64 characters.
    pub fn new(id: impl Into<String>, bytes: &[u8]) -> Result<Self, Error> {
        let id = id.into();
        if id.is_empty() || id.len() > 64 || id.contains('.') {
            return Err(Error::Key {
                reason: "master key id must be 1..=64 characters without `.`",
            });
        }
        let unbound = UnboundKey::new(&AES_256_GCM, bytes).map_err(|_| Error::Key {
            reason: "a master key is 32 bytes",
        })?;
        Ok(Self {
            id,
            key: LessSafeKey::new(unbound),
        })
    }

    /// A fresh random master key.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails.
    pub fn generate(
        id: impl Into<String>,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<Self, Error> {
        let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(fill_array(entropy)?);
        Self::new(id, bytes.as_slice())
    }

    /// Its id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// A data key as stored: sealed under a master key.
#[derive(Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// The master key it is wrapped under.
    pub master_id: String,
    /// Nonce and sealed key.
    pub sealed: Vec<u8>,
}

impl fmt::Debug for WrappedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrappedKey")
            .field("master_id", &self.master_id)
            .finish_non_exhaustive()
    }
}

/// Where wrapped data keys live. `put_if_absent` must be atomic (two
/// requests creating a subject's first key must end with one key).
pub trait KeyStore {
    /// The subject's wrapped key.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn get(&self, subject: UserId) -> Result<Option<WrappedKey>, Error>;

    /// Stores `key` unless the subject has one; returns the one stored.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn put_if_absent(&self, subject: UserId, key: WrappedKey) -> Result<WrappedKey, Error>;

    /// Replaces the subject's key (for rotation).
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn replace(&self, subject: UserId, key: WrappedKey) -> Result<(), Error>;

    /// Deletes the subject's key; returns whether there was one.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn delete(&self, subject: UserId) -> Result<bool, Error>;

    /// Every subject with a key.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn subjects(&self) -> Result<Vec<UserId>, Error>;
}

/// An in-memory [`KeyStore`].
#[derive(Debug, Default)]
pub struct InMemoryKeyStore {
    keys: Mutex<BTreeMap<UserId, WrappedKey>>,
}

fn poisoned() -> Error {
    Error::Store {
        reason: "a thread panicked while holding the key store's lock".into(),
    }
}

impl KeyStore for InMemoryKeyStore {
    fn get(&self, subject: UserId) -> Result<Option<WrappedKey>, Error> {
        Ok(self
            .keys
            .lock()
            .map_err(|_| poisoned())?
            .get(&subject)
            .cloned())
    }

    fn put_if_absent(&self, subject: UserId, key: WrappedKey) -> Result<WrappedKey, Error> {
        Ok(self
            .keys
            .lock()
            .map_err(|_| poisoned())?
            .entry(subject)
            .or_insert(key)
            .clone())
    }

    fn replace(&self, subject: UserId, key: WrappedKey) -> Result<(), Error> {
        self.keys
            .lock()
            .map_err(|_| poisoned())?
            .insert(subject, key);
        Ok(())
    }

    fn delete(&self, subject: UserId) -> Result<bool, Error> {
        Ok(self
            .keys
            .lock()
            .map_err(|_| poisoned())?
            .remove(&subject)
            .is_some())
    }

    fn subjects(&self) -> Result<Vec<UserId>, Error> {
        Ok(self
            .keys
            .lock()
            .map_err(|_| poisoned())?
            .keys()
            .copied()
            .collect())
    }
}

/// Which field a value belongs to: bound into the ciphertext as associated
/// data, which is computed once here and reused for every seal and open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    subject: UserId,
    record: String,
    field: String,
    aad: Vec<u8>,
}

impl FieldRef {
    /// The field `field` of record `record`, about `subject`.
    #[must_use]
    pub fn new(subject: UserId, record: impl Into<String>, field: impl Into<String>) -> Self {
        let (record, field) = (record.into(), field.into());
        // Length-prefixed ids, so no two different references give the same bytes.
        let mut aad = Vec::with_capacity(18 + 16 + 16 + record.len() + field.len());
        aad.extend_from_slice(b"itsm-gdpr field v1");
        aad.extend_from_slice(subject.as_uuid().as_bytes());
        for part in [record.as_bytes(), field.as_bytes()] {
            aad.extend_from_slice(&u64::try_from(part.len()).unwrap_or(u64::MAX).to_be_bytes());
            aad.extend_from_slice(part);
        }
        Self {
            subject,
            record,
            field,
            aad,
        }
    }

    /// The record id.
    #[must_use]
    pub fn record(&self) -> &str {
        &self.record
    }

    /// The field name.
    #[must_use]
    pub fn field(&self) -> &str {
        &self.field
    }

    fn aad(&self) -> Aad<&[u8]> {
        Aad::from(self.aad.as_slice())
    }
}

/// A subject's unwrapped data key, for sealing or opening many fields in a
/// row. ring does not wipe its key schedule on drop, so keep these
/// short-lived.
pub struct SubjectKey {
    subject: UserId,
    key: LessSafeKey,
}

impl fmt::Debug for SubjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubjectKey")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl SubjectKey {
    /// Seals `plaintext` for `field` (whose subject must be this key's).
    ///
    /// # Errors
    ///
    /// [`Error::Key`] for another subject's field; [`Error::Core`] when the
    /// entropy source fails.
    pub fn encrypt(
        &self,
        field: &FieldRef,
        plaintext: &[u8],
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<String, Error> {
        if field.subject != self.subject {
            return Err(Error::Key {
                reason: "the field belongs to another subject",
            });
        }
        let nonce: [u8; NONCE_LEN] = fill_array(entropy)?;
        let mut buf = Vec::with_capacity(plaintext.len() + AES_256_GCM.tag_len());
        buf.extend_from_slice(plaintext);
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), field.aad(), &mut buf)
            .map_err(|_| Error::Crypto)?;
        let mut out = String::with_capacity(4 + 16 + buf.len() * 4 / 3 + 4);
        out.push_str("v1.");
        URL_SAFE_NO_PAD.encode_string(nonce, &mut out);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(&buf, &mut out);
        Ok(out)
    }

    /// Seals `plaintext` for `field` in binary form: a version byte (1), the
    /// 12-byte nonce, then ciphertext and tag. For hosts that store bytes.
    ///
    /// # Errors
    ///
    /// As [`encrypt`](Self::encrypt).
    pub fn encrypt_bytes(
        &self,
        field: &FieldRef,
        plaintext: &[u8],
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<Vec<u8>, Error> {
        if field.subject != self.subject {
            return Err(Error::Key {
                reason: "the field belongs to another subject",
            });
        }
        let nonce: [u8; NONCE_LEN] = fill_array(entropy)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + AES_256_GCM.tag_len());
        out.push(1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let mut body = out.split_off(1 + NONCE_LEN);
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), field.aad(), &mut body)
            .map_err(|_| Error::Crypto)?;
        out.append(&mut body);
        Ok(out)
    }

    /// Opens the binary form of [`encrypt_bytes`](Self::encrypt_bytes).
    ///
    /// # Errors
    ///
    /// [`Error::Decrypt`] as for [`decrypt`](Self::decrypt).
    pub fn decrypt_bytes(
        &self,
        field: &FieldRef,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        if field.subject != self.subject {
            return Err(Error::Decrypt);
        }
        let Some((&1, rest)) = sealed.split_first() else {
            return Err(Error::Decrypt);
        };
        let (nonce, body) = rest.split_at_checked(NONCE_LEN).ok_or(Error::Decrypt)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Error::Decrypt)?;
        let mut buf = Zeroizing::new(body.to_vec());
        let len = self
            .key
            .open_in_place(nonce, field.aad(), &mut buf)
            .map_err(|_| Error::Decrypt)?
            .len();
        buf.truncate(len);
        Ok(buf)
    }

    /// Opens the binary form in place, in the caller's buffer, as ring's
    /// `open_in_place` does: no copy and no allocation. The plaintext is the
    /// returned slice of `sealed`; wiping the buffer afterwards is the
    /// caller's (use [`decrypt_bytes`](Self::decrypt_bytes) for a copy that
    /// wipes itself).
    ///
    /// # Errors
    ///
    /// [`Error::Decrypt`] as for [`decrypt`](Self::decrypt).
    pub fn decrypt_in_place<'a>(
        &self,
        field: &FieldRef,
        sealed: &'a mut [u8],
    ) -> Result<&'a [u8], Error> {
        if field.subject != self.subject {
            return Err(Error::Decrypt);
        }
        let Some((&mut 1, rest)) = sealed.split_first_mut() else {
            return Err(Error::Decrypt);
        };
        let (nonce, body) = rest.split_at_mut_checked(NONCE_LEN).ok_or(Error::Decrypt)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Error::Decrypt)?;
        let plain = self
            .key
            .open_in_place(nonce, field.aad(), body)
            .map_err(|_| Error::Decrypt)?;
        Ok(plain)
    }

    /// Opens a sealed field.
    ///
    /// # Errors
    ///
    /// [`Error::Decrypt`] for anything that does not open: a malformed form,
    /// a tampered ciphertext, another field's ciphertext, another subject's.
    pub fn decrypt(&self, field: &FieldRef, sealed: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        if field.subject != self.subject {
            return Err(Error::Decrypt);
        }
        let mut parts = sealed.split('.');
        let (Some("v1"), Some(n64), Some(c64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::Decrypt);
        };
        let nonce: [u8; NONCE_LEN] = URL_SAFE_NO_PAD
            .decode(n64)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(Error::Decrypt)?;
        let mut buf = Zeroizing::new(URL_SAFE_NO_PAD.decode(c64).map_err(|_| Error::Decrypt)?);
        let plain_len = self
            .key
            .open_in_place(Nonce::assume_unique_for_key(nonce), field.aad(), &mut buf)
            .map_err(|_| Error::Decrypt)?
            .len();
        buf.truncate(plain_len);
        Ok(buf)
    }
}

/// Encrypts and decrypts fields under per-subject data keys.
#[derive(Debug)]
pub struct FieldCipher {
    master: MasterKey,
    previous: Vec<MasterKey>,
}

impl FieldCipher {
    /// A cipher wrapping new data keys under `master`.
    #[must_use]
    pub fn new(master: MasterKey) -> Self {
        Self {
            master,
            previous: Vec::new(),
        }
    }

    fn master(&self, id: &str) -> Result<&MasterKey, Error> {
        std::iter::once(&self.master)
            .chain(&self.previous)
            .find(|m| m.id == id)
            .ok_or(Error::Key {
                reason: "the data key is wrapped under a master key this cipher does not hold",
            })
    }

    fn wrap(
        &self,
        data_key: &[u8],
        subject: UserId,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<WrappedKey, Error> {
        let nonce: [u8; NONCE_LEN] = fill_array(entropy)?;
        let mut buf = Zeroizing::new(data_key.to_vec());
        let aad = [
            DATA_KEY_AAD,
            subject.as_uuid().as_bytes(),
            self.master.id.as_bytes(),
        ]
        .concat();
        self.master
            .key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut *buf,
            )
            .map_err(|_| Error::Crypto)?;
        Ok(WrappedKey {
            master_id: self.master.id.clone(),
            sealed: [nonce.as_slice(), buf.as_slice()].concat(),
        })
    }

    fn unwrap_key(
        &self,
        wrapped: &WrappedKey,
        subject: UserId,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let master = self.master(&wrapped.master_id)?;
        let (nonce, sealed) = wrapped
            .sealed
            .split_at_checked(NONCE_LEN)
            .ok_or(Error::Decrypt)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Error::Decrypt)?;
        let mut buf = Zeroizing::new(sealed.to_vec());
        let aad = [
            DATA_KEY_AAD,
            subject.as_uuid().as_bytes(),
            master.id.as_bytes(),
        ]
        .concat();
        let len = master
            .key
            .open_in_place(nonce, Aad::from(aad), &mut buf)
            .map_err(|_| Error::Decrypt)?
            .len();
        buf.truncate(len);
        Ok(buf)
    }

    /// The subject's key, created (and stored) if it has none yet.
    ///
    /// # Errors
    ///
    /// [`Error::Store`], [`Error::Decrypt`] for a corrupt stored key, [`Error::Core`].
    pub fn key_for(
        &self,
        store: &(impl KeyStore + ?Sized),
        subject: UserId,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<SubjectKey, Error> {
        if let Some(wrapped) = store.get(subject)? {
            return self.open_key(&wrapped, subject);
        }
        let fresh: Zeroizing<[u8; 32]> = Zeroizing::new(fill_array(entropy)?);
        let stored =
            store.put_if_absent(subject, self.wrap(fresh.as_slice(), subject, entropy)?)?;
        self.open_key(&stored, subject)
    }

    fn open_key(&self, wrapped: &WrappedKey, subject: UserId) -> Result<SubjectKey, Error> {
        let bytes = self.unwrap_key(wrapped, subject)?;
        let unbound = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| Error::Decrypt)?;
        Ok(SubjectKey {
            subject,
            key: LessSafeKey::new(unbound),
        })
    }

    /// The subject's existing key.
    ///
    /// # Errors
    ///
    /// [`Error::Decrypt`] when the subject has no key (never had one, or was shredded).
    pub fn existing_key(
        &self,
        store: &(impl KeyStore + ?Sized),
        subject: UserId,
    ) -> Result<SubjectKey, Error> {
        let wrapped = store.get(subject)?.ok_or(Error::Decrypt)?;
        self.open_key(&wrapped, subject)
    }

    /// Seals one field, creating the subject's key on first use.
    ///
    /// # Errors
    ///
    /// As [`key_for`](Self::key_for) and [`SubjectKey::encrypt`].
    pub fn encrypt(
        &self,
        store: &(impl KeyStore + ?Sized),
        field: &FieldRef,
        plaintext: &[u8],
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<String, Error> {
        self.key_for(store, field.subject, entropy)?
            .encrypt(field, plaintext, entropy)
    }

    /// Opens one field.
    ///
    /// # Errors
    ///
    /// [`Error::Decrypt`] when it does not open, including after shredding.
    pub fn decrypt(
        &self,
        store: &(impl KeyStore + ?Sized),
        field: &FieldRef,
        sealed: &str,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.existing_key(store, field.subject)?
            .decrypt(field, sealed)
    }

    /// Makes `next` the master key and re-wraps every data key under it; the
    /// encrypted fields stay as they are. Returns how many keys were re-wrapped.
    ///
    /// # Errors
    ///
    /// [`Error::Store`], [`Error::Decrypt`] for a key this cipher cannot open.
    pub fn rotate(
        &mut self,
        next: MasterKey,
        store: &(impl KeyStore + ?Sized),
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<usize, Error> {
        let old = std::mem::replace(&mut self.master, next);
        self.previous.push(old);
        let mut count = 0;
        for subject in store.subjects()? {
            if let Some(w) = store.get(subject)? {
                let key = self.unwrap_key(&w, subject)?;
                store.replace(subject, self.wrap(&key, subject, entropy)?)?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// Stops holding master key `id` (after a rotation has re-wrapped everything).
    pub fn retire(&mut self, id: &str) {
        self.previous.retain(|m| m.id != id);
    }

    /// Crypto-shredding: deletes the subject's data key. Returns whether it had one.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    pub fn shred(&self, store: &(impl KeyStore + ?Sized), subject: UserId) -> Result<bool, Error> {
        store.delete(subject)
    }
}
