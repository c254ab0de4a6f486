import { X509Certificate, createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

/** Signs the `client_assertion` of a certificate credential for one token endpoint. */
export interface ClientAssertionSigner {
  sign(tokenEndpoint: string): Promise<string>;
}

/**
 * Certificate credential of the app registration (Entra ID "certificate credentials"): a JWT signed
 * RS256 with the certificate's private key, header `x5t#S256` (and `x5t`, SHA-1) of the certificate,
 * claims aud = token endpoint, iss = sub = client id, jti, nbf, exp (10 minutes).
 * `pem` holds the certificate and its private key (PKCS#8 or PKCS#1), as exported for the upload.
 */
export function certificateAssertionSigner(clientId: string, pem: string, now: () => number = Date.now): ClientAssertionSigner {
  const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (certificateBlock === undefined) throw new Error('The client certificate PEM holds no CERTIFICATE block');
  const keyBlock = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (keyBlock === undefined) throw new Error('The client certificate PEM holds no PRIVATE KEY block');
  const certificate = new X509Certificate(certificateBlock);
  const key = createPrivateKey(keyBlock);
  const thumbprint = (hex: string): string => Buffer.from(hex.replace(/:/g, ''), 'hex').toString('base64url');
  const header = { alg: 'RS256', typ: 'JWT', x5t: thumbprint(certificate.fingerprint), 'x5t#S256': thumbprint(certificate.fingerprint256) };
  return {
    sign: (tokenEndpoint) => {
      const issuedAt = Math.floor(now() / 1000);
      return new SignJWT({})
        .setProtectedHeader(header)
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(tokenEndpoint)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(issuedAt + 600)
        .sign(key);
    },
  };
}
