//! Open Badges 3.0: each award as an `OpenBadgeCredential` (a W3C Verifiable Credential 2.0),
//! secured as a JWT (`vc+jwt`, EdDSA over Ed25519). The issuer's key is made at first need and kept
//! in the database, so every instance signs alike; its public half is published as a JWK (where the
//! credential's `kid` leads) and a JWK set, and revoked awards are listed in a 1EdTech revocation
//! list that each credential points to.

use crate::{
    db::{badge, badge_award, user},
    error::AppError,
    notify::mail::server_secret,
    policy::{self, Actor},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signer, SigningKey};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The name the issuer's key is kept under.
const KEY_NAME: &str = "open-badges-issuer-ed25519";
/// The JSON-LD contexts of an Open Badges 3.0 credential.
pub const CONTEXTS: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// Where the issuer's profile, keys and revocation list are published, under `base`.
pub fn issuer_id(base: &str) -> String {
    format!("{base}/open-badges/issuer")
}

/// The key's id: the address that answers with it, as a JWK.
pub fn key_id(base: &str) -> String {
    format!("{}/key", issuer_id(base))
}

fn credential_id(base: &str, award: i64) -> String {
    format!("{base}/open-badges/credentials/{award}")
}

fn revocations_id(base: &str) -> String {
    format!("{base}/open-badges/revocations")
}

/// The issuer's signing key: a seed derived from a secret made once and kept in the database.
async fn signing_key(db: &impl ConnectionTrait) -> Result<SigningKey, AppError> {
    let secret = server_secret(db, KEY_NAME).await?;
    let seed: [u8; 32] = Sha256::digest(&secret).into();
    Ok(SigningKey::from_bytes(&seed))
}

/// The issuer as an Open Badges `Profile`.
pub fn issuer(base: &str) -> Value {
    json!({
        "@context": CONTEXTS,
        "id": issuer_id(base),
        "type": ["Profile"],
        "name": "Wellspring",
        "url": base,
    })
}

/// The issuer's public key as a JWK, where a credential's `kid` leads.
pub async fn key(db: &impl ConnectionTrait, base: &str) -> Result<Value, AppError> {
    let public = signing_key(db).await?.verifying_key();
    Ok(json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "use": "sig",
        "kid": key_id(base),
        "x": URL_SAFE_NO_PAD.encode(public.as_bytes()),
    }))
}

/// The issuer's public keys as a JWK set, for verifiers that look for one.
pub async fn keys(db: &impl ConnectionTrait, base: &str) -> Result<Value, AppError> {
    Ok(json!({ "keys": [key(db, base).await?] }))
}

/// Every revoked award's credential as a 1EdTech revocation list, with the reason for the
/// company's badges: a group's facilitators write theirs for the group, which may be secret.
pub async fn revocations(db: &impl ConnectionTrait, base: &str) -> Result<Value, AppError> {
    let revoked = badge_award::Entity::find()
        .filter(badge_award::Column::RevokedAt.is_not_null())
        .order_by_asc(badge_award::Column::Id)
        .all(db)
        .await?;
    let of_groups: HashSet<i64> = badge::Entity::find()
        .select_only()
        .column(badge::Column::Id)
        .filter(badge::Column::GroupId.is_not_null())
        .filter(badge::Column::Id.is_in(revoked.iter().map(|award| award.badge_id)))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(json!({
        "id": revocations_id(base),
        "issuer": issuer_id(base),
        "revokedCredentials": revoked.iter().map(|award| {
            let mut entry = json!({ "id": credential_id(base, award.id) });
            if !of_groups.contains(&award.badge_id) {
                entry["revocationReason"] = json!(award.revoke_reason);
            }
            entry
        }).collect::<Vec<_>>(),
    }))
}

/// The salted hash that names the recipient by email without showing it: `sha256$` and the hex
/// SHA-256 of the email followed by the salt, as Open Badges defines it.
pub fn identity_hash(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{email}{salt}").as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256${hex}")
}

/// The award's credential, unsigned.
fn document(
    base: &str,
    award: &badge_award::Model,
    badge: &badge::Model,
    holder: &user::Model,
) -> Value {
    let salt: String = Sha256::digest(format!("salt-{}-{}", award.id, holder.id).as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let stamp = |moment: chrono::DateTime<chrono::Utc>| {
        moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let mut evidence = json!({
        "type": ["Evidence"],
        "narrative": award.note,
    });
    if let Some(path) = award.path_id {
        evidence["id"] = json!(format!("{base}/paths/{path}"));
        evidence["name"] = json!("Learning path completed");
    }
    let mut credential = json!({
        "@context": CONTEXTS,
        "id": credential_id(base, award.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id(base),
            "type": ["Profile"],
            "name": "Wellspring",
        },
        "name": badge.name,
        "validFrom": stamp(award.awarded_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(&holder.email, &salt),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": salt,
            }],
            "achievement": {
                "id": format!("{base}/badges/{}", badge.id),
                "type": ["Achievement"],
                "name": badge.name,
                "description": badge.description,
                "criteria": {
                    "id": format!("{base}/badges/{}", badge.id),
                    "narrative": if badge.criteria.is_empty() { badge.description.clone() } else { badge.criteria.clone() },
                },
            },
        },
        "evidence": [evidence],
        "credentialStatus": {
            "id": revocations_id(base),
            "type": "1EdTechRevocationList",
        },
    });
    if let Some(image) = &badge.image {
        credential["credentialSubject"]["achievement"]["image"] = json!({
            "id": format!("{base}{}", super::ssr::image_url(image)),
            "type": "Image",
        });
    }
    // A revoked award's credential ends where the award did, and the list says why.
    if let Some(revoked) = award.revoked_at {
        credential["validUntil"] = json!(stamp(revoked));
    }
    credential
}

/// The award's credential as a signed JWT, for its holder (or an admin).
pub async fn signed(
    db: &impl ConnectionTrait,
    base: &str,
    actor: Actor,
    award_id: i64,
) -> Result<String, AppError> {
    let award = badge_award::Entity::find_by_id(award_id)
        .one(db)
        .await?
        .filter(|award| award.user_id == actor.id || policy::manage_badge(actor, None).is_ok())
        .ok_or(AppError::NotFound)?;
    let badge = badge::Entity::find_by_id(award.badge_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let holder = user::Entity::find_by_id(award.user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let header = json!({ "alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": key_id(base) });
    let mut payload = document(base, &award, &badge, &holder);
    // The registered claims a JWT verifier checks, beside the credential itself: who issued it,
    // which it is, from when it holds and, once revoked, until when.
    payload["iss"] = json!(issuer_id(base));
    payload["jti"] = json!(credential_id(base, award.id));
    payload["nbf"] = json!(award.awarded_at.timestamp());
    if let Some(revoked) = award.revoked_at {
        payload["exp"] = json!(revoked.timestamp());
    }
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = signing_key(db).await?.sign(input.as_bytes());
    Ok(format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recipient_is_named_by_a_salted_sha256_of_the_email() {
        // sha256("ada@example.com" + "abc"), computed apart with coreutils' sha256sum.
        assert_eq!(
            identity_hash("ada@example.com", "abc"),
            "sha256$370ca732c7b8d4a163cbded12b0f2b78ff1c5c625381f7d42ac812d473520f47"
        );
    }
}
