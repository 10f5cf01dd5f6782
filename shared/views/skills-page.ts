/**
 * The self-assessment page (DESIGN §4.3, §8): one HTML response with inline CSS and script, no
 * external request. Without JavaScript it is a plain form POST. With JavaScript a service worker keeps
 * the page available offline, and each answer is queued in IndexedDB under a client-made UUID and sent
 * as JSON when there is a signal; the form resets for the next person without a reload. The 23
 * questions come in parts with a progress bar; the offline state is at the top; answers being given
 * are kept on the device, so a reload mid-way loses nothing. Every text comes from the catalogs.
 */
import { fill, type PageLanguage, type Texts } from '../i18n';
import {
  ageBands,
  answerLevels,
  areas,
  ethnicities,
  services,
  sexes,
  type SkillItem,
  skillItems,
} from '../instruments/skills';
import { escapeHtml, scriptHash } from './html';
import { inLanguage, languageSwitch } from './layout';

/** JSON inside a `<script>` element: `<` is escaped so no `</script>` can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const CSS =
  'body{font:18px/1.4 system-ui,sans-serif;margin:0;color:#111;background:#f6f7f9}' +
  'main{max-width:40rem;margin:auto;padding:1rem}h1{font-size:1.4rem;margin:.2rem 0}' +
  'fieldset{border:1px solid #ccd;border-radius:8px;background:#fff;margin:0 0 .8rem;padding:.5rem .8rem}' +
  'legend{float:left;width:100%;font-weight:600;padding:.3rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .4rem}h3{font-size:1rem;margin:.8rem 0 .3rem;color:#334}' +
  'fieldset label{clear:both;display:flex;align-items:center;gap:.6rem;min-height:44px;padding:0 .4rem;border-radius:6px}' +
  'fieldset label:hover{background:#eef}input[type=radio]{width:1.4rem;height:1.4rem}' +
  'select,input[type=text]{font:inherit;min-height:44px;width:100%;box-sizing:border-box}' +
  'button{font:inherit;font-weight:600;min-height:52px;width:100%;border:0;border-radius:8px;background:#0b4fd0;color:#fff;margin:.3rem 0}' +
  'button.b{background:#fff;color:#0b4fd0;border:2px solid #0b4fd0}' +
  '.msg{background:#e6f6ea;border-left:4px solid #2a8a3e;padding:.5rem .8rem;margin:.6rem 0}.msg:empty{display:none}' +
  '.bar{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ccd;padding:.3rem .8rem;margin:0 -1rem .5rem;font-size:.95rem}' +
  '.bar p{margin:.1rem 0}.bar p:empty{display:none}#net[data-state=offline]{color:#8a3a00;font-weight:600}' +
  'progress{width:100%;height:.8rem}' +
  'ul.top{display:flex;flex-wrap:wrap;gap:0 .8rem;list-style:none;padding:0;margin:0}ul.top a{display:inline-block;min-height:44px;line-height:44px}' +
  '.note{background:#fff4d6;border-left:4px solid #8a5a00;padding:.4rem .75rem}' +
  'label.f{display:block;font-weight:600;margin:.6rem 0 .2rem}' +
  '.meta{color:#444;font-size:.95rem}a{color:#0b4fd0}';

/** The page's script; `cfg` (JSON in #cfg) carries the texts and paths. */
const CLIENT_SCRIPT = `(function(){
var form=document.getElementById('f'),status=document.getElementById('queue'),msg=document.getElementById('msg'),net=document.getElementById('net');
var cfg=JSON.parse(document.getElementById('cfg').textContent);
function netState(){if(!navigator.onLine){net.setAttribute('data-state','offline');net.textContent=cfg.offline;}else{net.setAttribute('data-state',net.getAttribute('data-ready')?'ready':'online');net.textContent=net.getAttribute('data-ready')?cfg.ready:cfg.preparing;}}
window.addEventListener('offline',netState);window.addEventListener('online',netState);
if('serviceWorker' in navigator){netState();navigator.serviceWorker.register(cfg.sw,{scope:cfg.scope}).then(function(){return navigator.serviceWorker.ready;}).then(function(){net.setAttribute('data-ready','1');netState();}).catch(function(){});}
var parts=[].slice.call(form.querySelectorAll('section.part')),cur=0,prog=document.getElementById('prog'),progt=document.getElementById('progt');
var names=[];[].forEach.call(form.querySelectorAll('input[type=radio][required]'),function(i){if(names.indexOf(i.name)<0)names.push(i.name);});
function progress(){var a=0;names.forEach(function(n){if(form.querySelector('input[name="'+n+'"]:checked'))a++;});prog.value=a;progt.textContent=cfg.progress.replace('{a}',a).replace('{n}',names.length);}
function go(i){cur=Math.max(0,Math.min(parts.length-1,i));parts.forEach(function(p,k){p.hidden=k!==cur;});document.getElementById('part').textContent=cfg.part.replace('{i}',cur+1).replace('{n}',parts.length);try{sessionStorage.setItem(cfg.draft+':part',String(cur));}catch(e){}}
function ok(p){var bad=[].filter.call(p.querySelectorAll('input[required],select[required]'),function(i){return !i.checkValidity();})[0];if(bad){bad.reportValidity();return false;}return true;}
parts.forEach(function(p,k){var nav=document.createElement('div');if(k>0){var b=document.createElement('button');b.type='button';b.className='b';b.textContent=cfg.previous;b.addEventListener('click',function(){go(k-1);window.scrollTo(0,0);});nav.appendChild(b);}
if(k<parts.length-1){var n=document.createElement('button');n.type='button';n.textContent=cfg.next;n.addEventListener('click',function(){if(ok(p)){go(k+1);window.scrollTo(0,0);}});nav.appendChild(n);}p.appendChild(nav);});
var submit=form.querySelector('button[type=submit]');parts[parts.length-1].appendChild(submit);
function saveDraft(){var d={};new FormData(form).forEach(function(v,k){if(k!=='clientId'&&k!=='lang')d[k]=v;});try{localStorage.setItem(cfg.draft,JSON.stringify(d));}catch(e){}}
function clearDraft(){try{localStorage.removeItem(cfg.draft);sessionStorage.removeItem(cfg.draft+':part');}catch(e){}}
function restore(){var d;try{d=JSON.parse(localStorage.getItem(cfg.draft)||'null');}catch(e){}if(!d)return;var n=0;Object.keys(d).forEach(function(k){var els=form.elements[k];if(!els)return;if(els.length&&els[0]&&els[0].type==='radio'){[].forEach.call(els,function(r){if(r.value===d[k]){r.checked=true;n++;}});}else if(els.value!==undefined){els.value=d[k];}});if(n){msg.textContent=cfg.restored;}}
restore();var saved=0;try{saved=Number(sessionStorage.getItem(cfg.draft+':part'))||0;}catch(e){}go(saved);progress();
form.addEventListener('change',function(){saveDraft();progress();});
if(!window.indexedDB||!window.fetch||!window.Promise)return;
var dbp;
function db(){if(!dbp)dbp=new Promise(function(res,rej){var r=indexedDB.open('hailong-skills',1);r.onupgradeneeded=function(){r.result.createObjectStore('queue',{keyPath:'clientId'});};r.onsuccess=function(){res(r.result);};r.onerror=function(){rej(r.error);};});return dbp;}
function tx(mode,fn){return db().then(function(d){return new Promise(function(res,rej){var t=d.transaction('queue',mode);var req=fn(t.objectStore('queue'));t.oncomplete=function(){res(req&&req.result);};t.onerror=function(){rej(t.error);};});});}
function all(){return tx('readonly',function(s){return s.getAll();});}
function show(){return all().then(function(items){var n=items.length;status.setAttribute('data-count',String(n));status.textContent=n?cfg.queued.replace('{n}',n):cfg.empty;});}
function uuid(){if(crypto.randomUUID)return crypto.randomUUID();var b=crypto.getRandomValues(new Uint8Array(16));b[6]=b[6]&15|64;b[8]=b[8]&63|128;var h=Array.prototype.map.call(b,function(x){return(x+256).toString(16).slice(1);}).join('');return h.slice(0,8)+'-'+h.slice(8,12)+'-'+h.slice(12,16)+'-'+h.slice(16,20)+'-'+h.slice(20);}
var sending=false,refused=0,sent=0;
function send(item){return fetch(cfg.post,{method:'POST',headers:{'content-type':'application/json',accept:'application/json'},body:JSON.stringify(item)}).then(function(r){
var done=r.status===200||r.status===201||r.status===409;if(done)sent++;var bad=r.status>=400&&r.status<500&&r.status!==408&&r.status!==409&&r.status!==429;
if(bad)refused++;if(!done&&!bad)return false;return tx('readwrite',function(s){return s.delete(item.clientId);}).then(function(){return true;});},function(){return false;});}
function flush(){if(sending)return Promise.resolve();sending=true;
return all().then(function(items){var chain=Promise.resolve(true);items.forEach(function(item){chain=chain.then(function(go){return go?send(item):false;});});return chain;})
.then(function(){sending=false;if(refused)msg.textContent=cfg.refused.replace('{n}',refused);return show();},function(){sending=false;}).then(function(){if(sent&&status.getAttribute('data-count')==='0'&&!refused){msg.textContent=cfg.allSent;sent=0;}});}
form.addEventListener('submit',function(e){e.preventDefault();if(form.reportValidity&&!form.reportValidity())return;
var item={answers:{}};new FormData(form).forEach(function(v,k){if(cfg.respondent.indexOf(k)>=0){if(v!=='')item[k]=v;}else if(k!=='lang'){item.answers[k]=Number(v);}});
item.clientId=uuid();item.madeAt=new Date().toISOString();
tx('readwrite',function(s){return s.put(item);}).then(function(){form.reset();clearDraft();go(0);progress();msg.textContent=cfg.saved;window.scrollTo(0,0);return show();}).then(flush);});
window.addEventListener('online',flush);
setInterval(function(){if(status.getAttribute('data-count')!=='0')flush();},15000);
show().then(flush);
})();`;

/**
 * Content-Security-Policy of the self-assessment page (issue 8): nothing from elsewhere, only this
 * page's inline script, its service worker and manifest, and posts to us.
 */
export const SKILLS_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src ${scriptHash(CLIENT_SCRIPT)}`,
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface SkillsPageInput {
  language: PageLanguage;
  campaign: { id: string; team?: string | undefined };
  communeName: string;
  /** The no-JavaScript post's id, fresh on each page load. */
  clientId: string;
  notice?: 'saved' | 'already' | undefined;
}

const basePath = (campaignId: string) => `/s/${encodeURIComponent(campaignId)}`;

type Words = Record<string, string>;

function radios(name: string, options: { value: string; label: string }[], required = true): string {
  return options
    .map(
      (option, index) =>
        `<label><input type="radio" name="${name}" value="${escapeHtml(option.value)}"${
          required && index === 0 ? ' required' : ''
        }> ${escapeHtml(option.label)}</label>`,
    )
    .join('');
}

function itemFieldset(item: SkillItem, texts: Texts): string {
  const options = answerLevels.map((level) => ({
    value: String(level.value),
    label: (texts.answerLevels as Words)[String(level.value)] ?? '',
  }));
  return `<fieldset><legend>${escapeHtml((texts.skillItems as Words)[item.id])}</legend>${radios(item.id, options)}</fieldset>`;
}

function layout(language: PageLanguage, title: string, body: string, head = ''): string {
  return (
    `<!doctype html><html lang="${escapeHtml(language.catalog.tag)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(title)}</title>${head}<style>${CSS}</style></head><body><main>${body}</main></body></html>`
  );
}

/** The questions in parts of a phone screen or two: the respondent, then two parts of each kind. */
function parts(texts: Texts): { heading: string; items: string }[] {
  const half = <T>(list: readonly T[]) => [
    list.slice(0, Math.ceil(list.length / 2)),
    list.slice(Math.ceil(list.length / 2)),
  ];
  const t = texts.skills;
  const group = (
    heading: string,
    keys: readonly string[],
    names: Words,
    of: (item: SkillItem) => string | undefined,
  ) => ({
    heading,
    items: keys
      .flatMap((key) => [
        `<h3>${escapeHtml(names[key])}</h3>`,
        ...skillItems.filter((item) => of(item) === key).map((item) => itemFieldset(item, texts)),
      ])
      .join(''),
  });
  return [
    ...half(services).map((keys) =>
      group(`${t.question} — ${t.services}`, keys, texts.services, (i) => i.service),
    ),
    ...half(areas).map((keys) => group(`${t.question} — ${t.competences}`, keys, texts.areas, (i) => i.area)),
  ];
}

export function renderSkillsPage(input: SkillsPageInput): string {
  const { language, campaign } = input;
  const texts = language.catalog.texts;
  const t = texts.skills;
  const path = basePath(campaign.id);
  const own = (p: string) => inLanguage(p, language.catalog.tag);
  const notice = input.notice === 'saved' ? t.saved : input.notice === 'already' ? t.alreadySaved : '';
  const cfg = {
    sw: `${path}/sw.js`,
    scope: path,
    post: own(path),
    draft: `hailong-draft-${campaign.id}`,
    respondent: ['clientId', 'ageBand', 'sex', 'ethnicity', 'assistedBy', 'madeAt'],
    queued: t.queued,
    empty: '',
    saved: t.saved,
    refused: t.refused,
    ready: t.offlineReady,
    preparing: t.offlinePreparing,
    offline: t.offlineNow,
    allSent: t.queueEmpty,
    part: t.section,
    progress: t.progress,
    next: t.next,
    previous: t.previous,
    restored: t.restored,
  };
  const respondent =
    `<fieldset><legend>${escapeHtml(t.ageBand)}</legend>${radios(
      'ageBand',
      ageBands.map((band) => ({ value: band, label: (texts.ageBands as Words)[band] ?? band })),
    )}</fieldset>` +
    `<fieldset><legend>${escapeHtml(t.sex)}</legend>${radios(
      'sex',
      sexes.map((sex) => ({ value: sex, label: (texts.sexes as Words)[sex] ?? sex })),
    )}</fieldset>` +
    `<label for="eth" class="f">${escapeHtml(t.ethnicity)}</label>` +
    `<select id="eth" name="ethnicity"><option value="">${escapeHtml(t.ethnicityNone)}</option>` +
    ethnicities
      .map((e) => `<option value="${e}">${escapeHtml((texts.ethnicities as Words)[e])}</option>`)
      .join('') +
    '</select>' +
    `<label for="team" class="f">${escapeHtml(t.assistedBy)}</label>` +
    `<input type="text" id="team" name="assistedBy" maxlength="32" pattern="[A-Za-z0-9._\\-]{1,32}" value="${escapeHtml(
      campaign.team ?? '',
    )}">`;
  const sections = [{ heading: t.respondent, items: respondent }, ...parts(texts)]
    .map(
      (part, index, all) =>
        `<section class="part" id="p${index + 1}" aria-labelledby="h${index + 1}"><h2 id="h${index + 1}">${escapeHtml(
          fill(t.section, { i: index + 1, n: all.length }),
        )} · ${escapeHtml(part.heading)}</h2>${part.items}</section>`,
    )
    .join('');
  const total = skillItems.length + 2;
  const body =
    `<div class="bar"><p id="net" role="status" aria-live="polite"></p><p id="queue" role="status" aria-live="polite" data-count="0"></p>` +
    `<p><span id="part"></span> · <span id="progt">${escapeHtml(fill(t.progress, { a: 0, n: total }))}</span></p>` +
    `<progress id="prog" max="${total}" value="0" aria-labelledby="progt"></progress></div>` +
    languageSwitch(language, path) +
    `<h1>${escapeHtml(t.title)}</h1>` +
    `<p class="meta">${escapeHtml(t.commune)}: <strong>${escapeHtml(input.communeName)}</strong>` +
    (campaign.team ? ` · ${escapeHtml(t.team)}: ${escapeHtml(campaign.team)}` : '') +
    `</p><p id="msg" class="msg" role="status" aria-live="polite">${escapeHtml(notice)}</p>` +
    `<p>${escapeHtml(t.intro)}</p>` +
    `<form id="f" method="post" action="${escapeHtml(own(path))}">` +
    `<input type="hidden" name="clientId" value="${escapeHtml(input.clientId)}">` +
    `<input type="hidden" name="lang" value="${escapeHtml(language.catalog.tag)}">` +
    sections +
    `<button type="submit">${escapeHtml(t.submit)}</button></form>` +
    `<script type="application/json" id="cfg">${scriptJson(cfg)}</script><script>${CLIENT_SCRIPT}</script>`;
  return layout(language, t.title, body, `<link rel="manifest" href="${path}/manifest.webmanifest">`);
}

/** A short page with a message and, where there is one, what to do next (unknown campaign, refused input). */
export function renderSkillsMessage(
  language: PageLanguage,
  title: string,
  message: string,
  options: { backHref?: string | undefined; next?: string | undefined; switchPath?: string } = {},
): string {
  const t = language.catalog.texts.skills;
  return layout(
    language,
    title,
    (options.switchPath ? languageSwitch(language, options.switchPath) : '') +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
      (options.next ? `<p>${escapeHtml(options.next)}</p>` : '') +
      (options.backHref ? `<p><a href="${escapeHtml(options.backHref)}">${escapeHtml(t.back)}</a></p>` : ''),
  );
}

/** Service worker of one campaign: caches the page on install, network first, the cache offline. */
export function skillsServiceWorker(campaignId: string): string {
  const path = basePath(campaignId);
  return `var CACHE=${scriptJson(`hailong-skills-${campaignId}-1`)},PAGE=${scriptJson(path)};
self.addEventListener('install',function(e){self.skipWaiting();e.waitUntil(caches.open(CACHE).then(function(c){return c.addAll([PAGE]);}).catch(function(){}));});
self.addEventListener('activate',function(e){e.waitUntil(self.clients.claim());});
function net(req){return new Promise(function(res,rej){var t=setTimeout(rej,4000);fetch(req).then(function(r){clearTimeout(t);res(r);},function(err){clearTimeout(t);rej(err);});});}
self.addEventListener('fetch',function(e){var req=e.request;if(req.method!=='GET')return;var url=new URL(req.url);
if(url.origin!==location.origin||url.pathname!==PAGE)return;
var lang=url.searchParams.get('lang'),key=PAGE+(lang?'?lang='+encodeURIComponent(lang):'');
e.respondWith(caches.open(CACHE).then(function(cache){return net(req).then(function(res){if(res.ok&&!url.searchParams.has('saved'))cache.put(key,res.clone());return res;}).catch(function(){return cache.match(key).then(function(hit){return hit||cache.match(PAGE)}).then(function(hit){return hit||Response.error();});});}));});
`;
}

export function skillsManifest(campaignId: string, language: PageLanguage, communeName: string) {
  const path = basePath(campaignId);
  const t = language.catalog.texts.skills;
  const lang = language.catalog.tag;
  return {
    name: `${t.title} — ${communeName}`,
    short_name: t.title,
    lang,
    start_url: path,
    scope: path,
    display: 'standalone',
    background_color: '#f6f7f9',
    theme_color: '#0b5fff',
  };
}
