/**
 * x509 makes the simulated cluster's certificates: a cluster CA, the API
 * server's serving certificate and client certificates whose subject is the
 * user (CN) and their groups (O), as kubeadm lays them out. Keys are ECDSA
 * P-256 from node:crypto; certificates are X.509 v3 (RFC 5280) encoded by
 * der.ts and signed with ecdsa-with-SHA256. Node can verify and parse them
 * (crypto.X509Certificate), and so can Go's crypto/x509 (kubectl).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { bitString, bool, explicit, implicitPrimitive, integer, octetString, oid, sequence, set, time, utf8String } from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** Subject names a certificate's owner: for a client certificate, the user (CN) and groups (O). */
export interface Subject {
  commonName: string;
  organizations?: string[];
}

/** Issued is a certificate and its private key, in PEM and as objects. */
export interface Issued {
  certPem: string;
  keyPem: string;
  cert: X509Certificate;
  key: KeyObject;
  /** subject is the certificate's encoded Name, the issuer of what it signs. */
  subjectDer: Buffer;
  /** keyId is the Subject Key Identifier (SHA-1 of the public key bits). */
  keyId: Buffer;
}

export type Usage = 'ca' | 'server' | 'client';

export interface IssueOptions {
  subject: Subject;
  usage: Usage;
  /** dnsNames and ipAddresses go in the subjectAltName; Go checks a server's name only there. */
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore?: Date;
  /** days of validity (default: 3650 for a CA, 365 otherwise, as kubeadm). */
  days?: number;
}

/** name encodes a Subject as an X.501 Name: one RDN per organization, then the common name. */
function name(subject: Subject): Buffer {
  const rdn = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(...(subject.organizations ?? []).map((o) => rdn(OID.organization, o)), rdn(OID.commonName, subject.commonName));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octetString(value));
}

/** keyUsageBits encodes KeyUsage flags as a DER BIT STRING with its unused-bit count. */
function keyUsageBits(bits: number[]): Buffer {
  let byte = 0;
  for (const b of bits) byte |= 0x80 >> b;
  let unused = 0;
  while (unused < 7 && !(byte & (1 << unused))) unused++;
  return Buffer.from([0x03, 0x02, unused, byte]);
}

function ipBytes(ip: string): Buffer {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`x509: not an IPv4 address: ${ip}`);
  return Buffer.from(parts);
}

function newKey(): { key: KeyObject; spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { key: privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

/** publicKeyBits is the subjectPublicKey BIT STRING's content of an SPKI, for the key identifier. */
function keyIdentifier(spki: Buffer): Buffer {
  // For P-256 the SPKI ends with the 65-byte uncompressed point.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * issue makes a key pair and a certificate for it, signed by issuer, or
 * self-signed when issuer is undefined (a CA).
 */
export function issue(options: IssueOptions, issuer?: Issued): Issued {
  if (!issuer && options.usage !== 'ca') throw new Error('x509: only a CA certificate can be self-signed');
  const { key, spki } = newKey();
  const keyId = keyIdentifier(spki);
  const subjectDer = name(options.subject);
  const notBefore = options.notBefore ?? new Date(Date.now() - 5 * 60_000);
  const days = options.days ?? (options.usage === 'ca' ? 3650 : 365);
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;

  const ca = options.usage === 'ca';
  const exts = [
    // keyUsage: CA: digitalSignature, keyCertSign, cRLSign; leaf: digitalSignature, keyEncipherment.
    extension(OID.keyUsage, true, keyUsageBits(ca ? [0, 5, 6] : [0, 2])),
    extension(OID.basicConstraints, true, ca ? sequence(bool(true)) : sequence()),
    extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
  ];
  if (!ca) exts.push(extension(OID.extKeyUsage, false, sequence(oid(options.usage === 'server' ? OID.serverAuth : OID.clientAuth))));
  if (issuer) exts.push(extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, issuer.keyId))));
  const altNames = [...(options.dnsNames ?? []).map((d) => implicitPrimitive(2, Buffer.from(d, 'ascii'))), ...(options.ipAddresses ?? []).map((ip) => implicitPrimitive(7, ipBytes(ip)))];
  if (altNames.length) exts.push(extension(OID.subjectAltName, false, sequence(...altNames)));

  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    algorithm,
    issuer ? issuer.subjectDer : subjectDer,
    sequence(time(notBefore), time(notAfter)),
    subjectDer,
    spki,
    explicit(3, sequence(...exts)),
  );
  const signature = sign('sha256', tbs, issuer ? issuer.key : key);
  const der = sequence(tbs, algorithm, bitString(signature));
  const certPem = pem('CERTIFICATE', der);
  return {
    certPem,
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string,
    cert: new X509Certificate(der),
    key,
    subjectDer,
    keyId,
  };
}

/** ClusterPki is what the simulated cluster serves and trusts. */
export interface ClusterPki {
  ca: Issued;
  server: Issued;
  admin: Issued;
}

/**
 * clusterPki makes a fresh CA, a serving certificate for 127.0.0.1 and the
 * names a client may use for the API server, and the admin's client
 * certificate (CN=kubernetes-admin, O=system:masters, as kubeadm's admin.conf).
 */
export function clusterPki(): ClusterPki {
  const ca = issue({ subject: { commonName: 'kubernetes' }, usage: 'ca' });
  const server = issue(
    {
      subject: { commonName: 'kube-apiserver' },
      usage: 'server',
      dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
      ipAddresses: ['127.0.0.1', '10.96.0.1'],
    },
    ca,
  );
  const admin = issue({ subject: { commonName: 'kubernetes-admin', organizations: ['system:masters'] }, usage: 'client' }, ca);
  return { ca, server, admin };
}

/**
 * subjectOf reads a client certificate's CN and O values, as the x509
 * authenticator maps them to a user and groups.
 */
export function subjectOf(cert: X509Certificate): Subject {
  const organizations: string[] = [];
  let commonName = '';
  for (const line of cert.subject.split('\n')) {
    const eq = line.indexOf('=');
    const [k, v] = [line.slice(0, eq), line.slice(eq + 1)];
    if (k === 'CN') commonName = v;
    else if (k === 'O') organizations.push(v);
  }
  return { commonName, organizations };
}
