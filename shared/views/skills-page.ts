/**
 * The self-assessment page (DESIGN §4.3, §8): one HTML response with inline CSS and script, no
 * external request. Without JavaScript it is a plain form POST. With JavaScript a service worker keeps
 * the page available offline, and each answer is queued in IndexedDB under a client-made UUID and sent
 * as JSON when there is a signal; the form resets for the next person without a reload.
 */
import type { Lang } from '../i18n';
import { skillsText } from '../i18n/skills';
import {
  ageBands,
  ageBandText,
  answerLevels,
  areas,
  areaText,
  ethnicities,
  ethnicityText,
  services,
  serviceText,
  sexes,
  sexText,
  type SkillItem,
  skillItems,
} from '../instruments/skills';
import { escapeHtml } from './html';

/** JSON inside a `<script>` element: `<` is escaped so no `</script>` can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const CSS =
  'body{font:18px/1.4 system-ui,sans-serif;margin:0;color:#111;background:#f6f7f9}' +
  'main{max-width:40rem;margin:auto;padding:1rem}h1{font-size:1.4rem;margin:.2rem 0}' +
  'fieldset{border:1px solid #ccd;border-radius:8px;background:#fff;margin:0 0 .8rem;padding:.5rem .8rem}' +
  'legend{float:left;width:100%;font-weight:600;padding:.3rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .4rem}h3{font-size:1rem;margin:.8rem 0 .3rem;color:#334}' +
  'label.o{clear:both;display:flex;align-items:center;gap:.6rem;min-height:44px;padding:0 .4rem;border-radius:6px}' +
  'label.o:hover{background:#eef}input[type=radio]{width:1.4rem;height:1.4rem}' +
  'select,input[type=text]{font:inherit;min-height:44px;width:100%;box-sizing:border-box}' +
  'button{font:inherit;font-weight:600;min-height:52px;width:100%;border:0;border-radius:8px;background:#0b5fff;color:#fff}' +
  '.msg{background:#e6f6ea;border-left:4px solid #2a8a3e;padding:.5rem .8rem;margin:.6rem 0}.msg:empty{display:none}' +
  '.q{position:sticky;top:0;background:#fffbe6;padding:.3rem .8rem;border-bottom:1px solid #eed}.q:empty{display:none}' +
  'label.f{display:block;font-weight:600;margin:.6rem 0 .2rem}' +
  '.meta{color:#444;font-size:.95rem}a{color:#0b4fd0}';

/** The page's script; `cfg` (JSON in #cfg) carries the texts and paths. */
const CLIENT_SCRIPT = `(function(){
var form=document.getElementById('f'),status=document.getElementById('queue'),msg=document.getElementById('msg');
var cfg=JSON.parse(document.getElementById('cfg').textContent);
if('serviceWorker' in navigator){navigator.serviceWorker.register(cfg.sw,{scope:cfg.scope}).then(function(){return navigator.serviceWorker.ready;}).then(function(){document.getElementById('ready').textContent=cfg.ready;}).catch(function(){});}
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
tx('readwrite',function(s){return s.put(item);}).then(function(){form.reset();msg.textContent=cfg.saved;window.scrollTo(0,0);return show();}).then(flush);});
window.addEventListener('online',flush);
setInterval(function(){if(status.getAttribute('data-count')!=='0')flush();},15000);
show().then(flush);
})();`;

export interface SkillsPageInput {
  lang: Lang;
  campaign: { id: string; team?: string | undefined };
  communeName: string;
  /** The no-JavaScript post's id, fresh on each page load. */
  clientId: string;
  notice?: 'saved' | 'already' | undefined;
}

const basePath = (campaignId: string) => `/s/${encodeURIComponent(campaignId)}`;

function radios(name: string, options: { value: string; label: string }[], required = true): string {
  return options
    .map(
      (option, index) =>
        `<label class="o"><input type="radio" name="${name}" value="${escapeHtml(option.value)}"${
          required && index === 0 ? ' required' : ''
        }> ${escapeHtml(option.label)}</label>`,
    )
    .join('');
}

function itemFieldset(item: SkillItem, lang: Lang): string {
  const options = answerLevels.map((level) => ({ value: String(level.value), label: level.text[lang] }));
  return `<fieldset><legend>${escapeHtml(item.text[lang])}</legend>${radios(item.id, options)}</fieldset>`;
}

function layout(lang: Lang, title: string, body: string, head = ''): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(title)}</title>${head}<style>${CSS}</style></head><body><main>${body}</main></body></html>`
  );
}

export function renderSkillsPage(input: SkillsPageInput): string {
  const { lang, campaign } = input;
  const t = skillsText(lang);
  const path = basePath(campaign.id);
  const langQuery = lang === 'en' ? '?lang=en' : '';
  const serviceItems = services.flatMap((service) => [
    `<h3>${escapeHtml(serviceText[service][lang])}</h3>`,
    ...skillItems.filter((item) => item.service === service).map((item) => itemFieldset(item, lang)),
  ]);
  const areaItems = areas.flatMap((area) => [
    `<h3>${escapeHtml(areaText[area][lang])}</h3>`,
    ...skillItems.filter((item) => item.area === area).map((item) => itemFieldset(item, lang)),
  ]);
  const notice = input.notice === 'saved' ? t.saved : input.notice === 'already' ? t.alreadySaved : '';
  const cfg = {
    sw: `${path}/sw.js`,
    scope: path,
    post: `${path}${langQuery}`,
    respondent: ['clientId', 'ageBand', 'sex', 'ethnicity', 'assistedBy', 'madeAt'],
    queued: t.queued(0).replace('0', '{n}'),
    empty: '',
    saved: t.saved,
    refused: t.refused(0).replace('0', '{n}'),
    ready: t.offlineReady,
    allSent: t.queueEmpty,
  };
  const body =
    `<p class="q" id="queue" role="status" aria-live="polite" data-count="0"></p>` +
    `<h1>${escapeHtml(t.title)}</h1>` +
    `<p class="meta">${escapeHtml(t.commune)}: <strong>${escapeHtml(input.communeName)}</strong>` +
    (campaign.team ? ` · ${escapeHtml(t.team)}: ${escapeHtml(campaign.team)}` : '') +
    ` · <a href="${path}${lang === 'en' ? '' : '?lang=en'}" lang="${lang === 'en' ? 'vi' : 'en'}">${escapeHtml(t.switchLang)}</a></p>` +
    `<p id="msg" class="msg" role="status" aria-live="polite">${escapeHtml(notice)}</p>` +
    `<p>${escapeHtml(t.intro)}</p>` +
    `<form id="f" method="post" action="${path}${langQuery}">` +
    `<input type="hidden" name="clientId" value="${escapeHtml(input.clientId)}">` +
    `<input type="hidden" name="lang" value="${lang}">` +
    `<h2>${escapeHtml(t.respondent)}</h2>` +
    `<fieldset><legend>${escapeHtml(t.ageBand)}</legend>${radios(
      'ageBand',
      ageBands.map((band) => ({ value: band, label: ageBandText[band][lang] })),
    )}</fieldset>` +
    `<fieldset><legend>${escapeHtml(t.sex)}</legend>${radios(
      'sex',
      sexes.map((sex) => ({ value: sex, label: sexText[sex][lang] })),
    )}</fieldset>` +
    `<label for="eth" class="f">${escapeHtml(t.ethnicity)}</label>` +
    `<select id="eth" name="ethnicity"><option value="">${escapeHtml(t.ethnicityNone)}</option>` +
    ethnicities.map((e) => `<option value="${e}">${escapeHtml(ethnicityText[e][lang])}</option>`).join('') +
    '</select>' +
    `<label for="team" class="f">${escapeHtml(t.assistedBy)}</label>` +
    `<input type="text" id="team" name="assistedBy" maxlength="32" pattern="[A-Za-z0-9._\\-]{1,32}" value="${escapeHtml(
      campaign.team ?? '',
    )}">` +
    `<h2>${escapeHtml(t.question)} — ${escapeHtml(t.services)}</h2>${serviceItems.join('')}` +
    `<h2>${escapeHtml(t.question)} — ${escapeHtml(t.competences)}</h2>${areaItems.join('')}` +
    `<button type="submit">${escapeHtml(t.submit)}</button></form><p class="meta" id="ready"></p>` +
    `<script type="application/json" id="cfg">${scriptJson(cfg)}</script><script>${CLIENT_SCRIPT}</script>`;
  return layout(lang, t.title, body, `<link rel="manifest" href="${path}/manifest.webmanifest">`);
}

/** A short page with a message (unknown campaign, refused input). */
export function renderSkillsMessage(lang: Lang, title: string, message: string, backHref?: string): string {
  const t = skillsText(lang);
  return layout(
    lang,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
      (backHref ? `<p><a href="${escapeHtml(backHref)}">${escapeHtml(t.back)}</a></p>` : ''),
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
var key=PAGE+(url.searchParams.get('lang')==='en'?'?lang=en':'');
e.respondWith(caches.open(CACHE).then(function(cache){return net(req).then(function(res){if(res.ok&&!url.searchParams.has('saved'))cache.put(key,res.clone());return res;}).catch(function(){return cache.match(key).then(function(hit){return hit||cache.match(PAGE)}).then(function(hit){return hit||Response.error();});});}));});
`;
}

export function skillsManifest(campaignId: string, lang: Lang, communeName: string) {
  const path = basePath(campaignId);
  const t = skillsText(lang);
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
