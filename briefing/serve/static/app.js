// The editors' page: collect files and pasted text, POST them as one multipart request,
// poll the job, offer the files. No framework, no external resources (the CSP forbids them).
"use strict";

const TEXT = {
  en: {
    title: "Briefing", lead: "Arabic news articles in, a side-by-side English/Arabic briefing out.",
    token: "Access token", files: "Article files",
    drop: "Drop .txt, .md, .html or .docx files here, or tap to choose", dropHint: "Each file is one article.",
    paste: "Or paste Arabic text", addText: "Add another article", remove: "Remove",
    textPlaceholder: "Headline on the first line, then the article", outlet: "Outlet (optional)",
    length: "Length", s3: "3 sentences per article", s5: "5 sentences per article",
    s8: "8 sentences per article", s12: "12 sentences per article", formats: "Formats",
    oneEvent: "These articles all report one story: compare them as one event",
    make: "Make the briefing", progress: "Progress", api: "API documentation",
    queued: (n) => n ? `Waiting in line (position ${n})…` : "Waiting in line…",
    running: "Working…", read: "Reading articles", translate: "Translating", compose: "Writing the files",
    done: (n) => `Done: ${n} article(s).`, failed: "Failed", download: "Download",
    skipped: "Not used", nothing: "Add at least one file or pasted text.", noFormat: "Choose at least one format.",
    network: "The service cannot be reached.", expired: "This briefing has expired; make it again.",
    unsupported: (names) => `Not an article file (.txt, .md, .html or .docx): ${names}`,
    kb: (n) => `${n} kB`,
    other: "العربية",
  },
  ar: {
    title: "موجز", lead: "مقالات إخبارية عربية تدخل، وموجز إنجليزي-عربي متقابل يخرج.",
    token: "رمز الدخول", files: "ملفات المقالات",
    // Suffixes without their dot: in right-to-left text a leading dot lands on the wrong side.
    drop: "أفلت هنا ملفات TXT أو MD أو HTML أو DOCX، أو انقر للاختيار",
    dropHint: "كل ملف مقال واحد.",
    paste: "أو الصق نصا عربيا", addText: "أضف مقالا آخر", remove: "إزالة",
    textPlaceholder: "العنوان في السطر الأول، ثم نص المقال", outlet: "المصدر (اختياري)",
    length: "الطول", s3: "3 جمل لكل مقال", s5: "5 جمل لكل مقال", s8: "8 جمل لكل مقال", s12: "12 جملة لكل مقال",
    formats: "الصيغ", oneEvent: "هذه المقالات كلها عن خبر واحد: قارنها حدثا واحدا", make: "أعدّ الموجز", progress: "التقدم", api: "توثيق الواجهة البرمجية",
    queued: (n) => n ? `في الانتظار (الترتيب ${n})…` : "في الانتظار…",
    running: "جار العمل…", read: "قراءة المقالات", translate: "الترجمة", compose: "كتابة الملفات",
    done: (n) => `اكتمل: ${n} مقال.`, failed: "تعذّر الإعداد", download: "تنزيل",
    skipped: "لم يُستخدم", nothing: "أضف ملفا واحدا أو نصا ملصوقا على الأقل.", noFormat: "اختر صيغة واحدة على الأقل.",
    network: "تعذّر الوصول إلى الخدمة.", expired: "انتهت صلاحية هذا الموجز؛ أعدّه من جديد.",
    unsupported: (names) => `ليس ملف مقال (TXT أو MD أو HTML أو DOCX): ${names}`,
    kb: (n) => `${n} ك.ب`,
    // The service's reasons are English sentences; the Arabic interface leads with the gist
    // (first pattern that matches) and keeps the service's words beside it, isolated.
    reasons: [
      [/unsupported format/, "صيغة غير مدعومة"],
      [/is empty|holds no text|has no text|has no content/, "لا نص فيه"],
      [/not Arabic/, "ليس نصا عربيا في الغالب"],
      [/no sentences left/, "لم تبق فيه جمل بعد التنظيف"],
      [/over the .* limit/, "أكبر من الحجم المسموح"],
      [/cannot be (read|opened|decoded)|permission denied/, "تعذّرت قراءته"],
    ],
    otherReason: "لم يُقرأ",
    other: "English",
  },
};
const NAMES = { docx: "Word", html: "HTML", md: "Markdown", json: "JSON" };

const $ = (id) => document.getElementById(id);
const files = [];
let lang = localStorage.getItem("briefing.lang") || (navigator.language || "en").slice(0, 2);
if (!(lang in TEXT)) lang = "en";
let needsToken = false;
let last = null;  // the last job status, re-rendered when the language changes

function t(key, ...args) {
  const value = TEXT[lang][key];
  return typeof value === "function" ? value(...args) : value;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  const other = lang === "ar" ? "en" : "ar";
  $("lang").textContent = TEXT[lang].other;
  $("lang").lang = other;
  if (last) showStatus(last);
}

function addText() {
  const node = $("text-template").content.firstElementChild.cloneNode(true);
  node.querySelector(".remove").addEventListener("click", () => {
    if (document.querySelectorAll(".text-item").length > 1) node.remove();
    else node.querySelector("textarea").value = "";
  });
  $("texts").appendChild(node);
  applyLanguage();
  return node;
}

// What the service reads (briefing.ingest.inputs.SUPPORTED_SUFFIXES); anything else is
// refused here, at once, as the service would refuse it (415).
const SUFFIXES = [".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx"];

function addFiles(list) {
  const refused = [];
  for (const file of list) {
    const name = file.name.toLowerCase();
    if (SUFFIXES.some((suffix) => name.endsWith(suffix))) files.push(file);
    else refused.push(file.name);
  }
  renderFiles();
  showError(refused.length ? t("unsupported", refused.join(", ")) : "");
}

function isolated(text, className) {
  // <bdi>: a Latin file name ("05-summit.txt") keeps its order inside right-to-left text.
  const node = document.createElement("bdi");
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function renderFiles() {
  const ul = $("file-list");
  ul.replaceChildren();
  files.forEach((file, index) => {
    const li = document.createElement("li");
    const name = document.createElement("span");
    // kB = 1000 bytes, the decimal units the service's messages use (MB = 10^6 bytes).
    name.append(isolated(file.name, "name"), " ", isolated(`(${t("kb", Math.max(1, Math.round(file.size / 1000)))})`, "size"));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link";
    remove.textContent = t("remove");
    remove.addEventListener("click", () => { files.splice(index, 1); renderFiles(); });
    li.append(name, remove);
    ul.appendChild(li);
  });
}

function headers() {
  const token = $("token").value.trim();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function showStatus(job) {
  last = job;
  $("status-box").hidden = false;
  const progress = job.progress || {};
  let text;
  if (job.status === "queued") text = t("queued", job.position);
  else if (job.status === "running") text = progress.stage ? `${t(progress.stage) || progress.stage}… ${progress.done}/${progress.total}` : t("running");
  else if (job.status === "done") text = t("done", job.result.articles.length);
  else text = `${t("failed")}: ${job.error}`;
  $("status").textContent = text;
  $("bar").value = job.status === "done" ? 1 : progress.fraction || 0;

  const downloads = $("downloads");
  downloads.replaceChildren();
  for (const [fmt, url] of Object.entries(job.downloads || {})) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.textContent = `${t("download")} ${NAMES[fmt] || fmt}`;
    a.dataset.format = fmt;
    if (needsToken) {
      a.href = "#";
      a.addEventListener("click", (event) => { event.preventDefault(); fetchFile(url, fmt, job.id); });
    } else {
      a.href = url;
      a.download = `briefing-${job.id.slice(0, 8)}.${fmt}`;
    }
    li.appendChild(a);
    downloads.appendChild(li);
  }
  const skipped = $("skipped");
  skipped.replaceChildren();
  const entries = job.status === "done" ? job.result.skipped || [] : job.skipped || [];
  for (const entry of entries) {
    const li = document.createElement("li");
    li.append(`${t("skipped")}: `, isolated(entry.source), " — ");
    if (lang === "en") li.append(entry.reason);
    else {
      const gist = TEXT[lang].reasons.find(([pattern]) => pattern.test(entry.reason));
      const detail = isolated(entry.reason, "detail");
      detail.dir = "ltr";
      detail.lang = "en";
      li.append(gist ? gist[1] : t("otherReason"), " (", detail, ")");
    }
    skipped.appendChild(li);
  }
}

async function fetchFile(url, fmt, id) {
  const response = await fetch(url, { headers: headers() });
  if (!response.ok) { showError((await response.json()).message); return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `briefing-${id.slice(0, 8)}.${fmt}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function poll(url) {
  for (;;) {
    let response;
    try {
      response = await fetch(url, { headers: headers(), cache: "no-store" });
    } catch (err) {
      showError(t("network"));
      return;
    }
    if (response.status === 404) { showError(t("expired")); return; }
    const job = await response.json();
    if (!response.ok) { showError(job.message); return; }
    showStatus(job);
    if (job.status === "done" || job.status === "failed") return;
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
}

async function submit(event) {
  event.preventDefault();
  showError("");
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  for (const item of document.querySelectorAll(".text-item")) {
    const text = item.querySelector("textarea").value;
    if (!text.trim()) continue;
    form.append("text", text);
    form.append("outlet", item.querySelector(".outlet").value);
  }
  if (!form.has("files") && !form.has("text")) { showError(t("nothing")); return; }
  const formats = [...document.querySelectorAll("input[name=formats]:checked")].map((box) => box.value);
  if (!formats.length) { showError(t("noFormat")); return; }
  form.append("formats", formats.join(","));
  form.append("sentences", $("sentences").value);
  if ($("one-event").checked) form.append("one_event", "on");

  const button = $("submit");
  button.disabled = true;
  last = null;
  $("downloads").replaceChildren();
  $("skipped").replaceChildren();
  try {
    const response = await fetch("/api/briefings", { method: "POST", body: form, headers: headers() });
    const answer = await response.json();
    if (response.status === 401) { needsToken = true; $("token-box").hidden = false; }
    if (!response.ok) { showError(answer.message); return; }
    showStatus({ id: answer.id, status: answer.status, progress: {} });
    await poll(answer.url);
  } catch (err) {
    showError(t("network"));
  } finally {
    button.disabled = false;
  }
}

function init() {
  const drop = $("drop");
  const input = $("file");
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
  });
  input.addEventListener("change", () => { addFiles(input.files); input.value = ""; });
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    addFiles(event.dataTransfer.files);
  });
  $("add-text").addEventListener("click", () => addText().querySelector("textarea").focus());
  $("lang").addEventListener("click", () => {
    lang = lang === "ar" ? "en" : "ar";
    localStorage.setItem("briefing.lang", lang);
    applyLanguage();
    renderFiles();
  });
  $("form").addEventListener("submit", submit);
  addText();
  applyLanguage();
  fetch("/healthz").then((r) => r.json()).then((health) => {
    needsToken = Boolean(health.auth);
    $("token-box").hidden = !needsToken;
  }).catch(() => showError(t("network")));
}

document.addEventListener("DOMContentLoaded", init);
