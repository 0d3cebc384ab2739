import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createTlsServer, connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { integer, oid, time } from './der';
import { kubeconfig } from './kubeconfig';
import { clusterPki, issue, subjectOf } from './x509';

describe('der', () => {
  it('encodes integers minimally and positive, OIDs and times as X.690 says', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(127).toString('hex')).toBe('02017f');
    expect(integer(128).toString('hex')).toBe('0202' + '0080');
    expect(integer(Buffer.from([0, 0, 1])).toString('hex')).toBe('020101');
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(time(new Date('2026-11-25T01:02:03Z')).toString()).toContain('261125010203Z');
    expect(time(new Date('2051-01-01T00:00:00Z')).toString()).toContain('20510101000000Z');
  });
});

describe('the cluster PKI', () => {
  const pki = clusterPki();

  it('has a self-signed CA that signs the serving and admin certificates', () => {
    expect(pki.ca.cert.ca).toBe(true);
    expect(pki.ca.cert.verify(pki.ca.cert.publicKey)).toBe(true);
    expect(pki.server.cert.verify(pki.ca.cert.publicKey)).toBe(true);
    expect(pki.admin.cert.verify(pki.ca.cert.publicKey)).toBe(true);
    expect(pki.server.cert.checkIssued(pki.ca.cert)).toBe(true);
    expect(pki.server.cert.ca).toBe(false);
  });

  it('names the server for 127.0.0.1 and the in-cluster names, and the admin as a system:masters user', () => {
    expect(pki.server.cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(pki.server.cert.checkHost('kubernetes.default.svc')).toBe('kubernetes.default.svc');
    expect(pki.server.cert.checkHost('example.com')).toBeUndefined();
    expect(subjectOf(pki.admin.cert)).toEqual({ commonName: 'kubernetes-admin', organizations: ['system:masters'] });
  });

  it('is accepted by openssl, with the usages kubeadm gives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    for (const [n, c] of Object.entries({ ca: pki.ca, server: pki.server, admin: pki.admin })) writeFileSync(join(dir, `${n}.crt`), c.certPem);
    const verify = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'server.crt'), join(dir, 'admin.crt')], { encoding: 'utf8' });
    expect(verify).toContain('server.crt: OK');
    expect(verify).toContain('admin.crt: OK');
    const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(dir, 'admin.crt')], { encoding: 'utf8' });
    expect(text).toMatch(/TLS Web Client Authentication/);
    expect(text).toMatch(/Digital Signature, Key Encipherment/);
    const caText = execFileSync('openssl', ['x509', '-noout', '-text', '-in', join(dir, 'ca.crt')], { encoding: 'utf8' });
    expect(caText).toMatch(/CA:TRUE/);
    expect(caText).toMatch(/Certificate Sign, CRL Sign/);
  });

  it('makes a TLS connection with a client certificate that the server sees as the admin', async () => {
    const server = createTlsServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false }, (socket) => {
      const peer = socket.getPeerCertificate();
      socket.end(`${socket.authorized} ${peer.subject?.CN} ${[peer.subject?.O].flat().join(',')}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const said = await new Promise<string>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem }, () => {
        let data = '';
        s.on('data', (d) => (data += d));
        s.on('end', () => resolve(data));
      });
      s.on('error', reject);
    });
    server.close();
    expect(said).toBe('true kubernetes-admin system:masters');
  });

  it('refuses to self-sign anything but a CA', () => {
    expect(() => issue({ subject: { commonName: 'x' }, usage: 'server' })).toThrow(/only a CA/);
  });
});

describe('kubeconfig', () => {
  it('writes an admin.conf-shaped config with the credentials inline', () => {
    const pki = clusterPki();
    const cfg = parse(kubeconfig({ server: 'https://127.0.0.1:6443', caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem }));
    expect(cfg['current-context']).toBe('kubernetes-admin@kube-internals');
    expect(cfg.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(pki.ca.certPem);
    expect(Buffer.from(cfg.users[0].user['client-key-data'], 'base64').toString()).toContain('PRIVATE KEY');
  });
});

describe('kubectl', () => {
  it('trusts the serving certificate and presents the admin certificate from the kubeconfig', async () => {
    const { execFile } = await import('node:child_process');
    const { createServer } = await import('node:https');
    const pki = clusterPki();
    let seen = '';
    const server = createServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const socket = req.socket as import('node:tls').TLSSocket;
      seen = `${socket.authorized} ${socket.getPeerCertificate().subject?.CN}`;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const path = join(dir, 'config');
    writeFileSync(path, kubeconfig({ server: `https://127.0.0.1:${port}`, caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem }));
    const out = await new Promise<string>((resolve, reject) =>
      execFile('kubectl', ['--kubeconfig', path, 'get', '--raw', '/healthz'], { encoding: 'utf8', timeout: 20_000 }, (e, stdout, stderr) => (e ? reject(new Error(stderr || e.message)) : resolve(stdout))),
    );
    server.close();
    expect(out.trim()).toBe('ok');
    expect(seen).toBe('true kubernetes-admin');
  });
});
