"""The style sheet and script inlined into the HTML report (it loads nothing else)."""

CSS = """
:root { --nav-h: 2.6rem; font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
body { margin: 0; background: #f4f4f1; color: #1c1c1c; font-size: 14px; }
header.doc { padding: .8rem 1.2rem; background: #fff; border-bottom: 1px solid #ccc; }
header.doc h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
header.doc p { margin: .2rem 0; }
nav.pages { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 2px;
  align-items: center; padding: .35rem 1.2rem; background: #2b3440; min-height: var(--nav-h);
  box-sizing: border-box; }
nav.pages a { color: #dde; text-decoration: none; padding: 1px 5px; border-radius: 3px; font-size: 12px;
  border-bottom: 3px solid transparent; }
nav.pages a.tables { border-bottom-color: #5b9cff; }
nav.pages a.unread { border-bottom-color: #ff5b5b; }
nav.pages a.current { background: #fff; color: #000; }
nav.pages form { margin-left: auto; color: #dde; font-size: 12px; }
nav.pages input { width: 4em; }
details.panel { margin: .4rem 0; }
details.panel summary { cursor: pointer; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin: .4rem 0; }
.legend span.sw { display: inline-block; width: 1.6em; height: .9em; vertical-align: middle;
  margin-right: .3em; border: 2px solid transparent; box-sizing: border-box; }
ol.outline, ul.tables { margin: .3rem 0; padding-left: 1.5rem; }
section.page { margin: 1rem; padding: .6rem; background: #fff; border: 1px solid #ccc;
  scroll-margin-top: calc(var(--nav-h) + .5rem); }
section.page > h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
figure.scan { margin: 0; position: sticky; top: calc(var(--nav-h) + .4rem); }
.frame { position: relative; border: 1px solid #999; line-height: 0; }
.frame img { width: 100%; height: auto; display: block; }
.hl { position: absolute; border: 3px solid #e6007e; background: rgba(230, 0, 126, .15);
  pointer-events: none; box-sizing: border-box; }
.rows { min-width: 0; overflow-x: auto; }
.rows h3 { font-size: 1rem; margin: .8rem 0 .2rem; }
.rows h3:first-child { margin-top: 0; }
.rows .caption { color: #555; margin: 0 0 .3rem; }
.rows table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: 13px; }
.rows th, .rows td { border: 1px solid #ccc; padding: 2px 4px; vertical-align: top; text-align: left; }
.rows th { background: #eef0f3; font-weight: 600; white-space: nowrap; }
.rows caption { text-align: left; color: #555; font-size: 12px; }
.rows td { min-width: 2.5em; }
.rows td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rows [data-box] { cursor: crosshair; }
.rows [data-box]:hover, .rows .picked { outline: 2px solid #e6007e; outline-offset: -2px; }
.rows dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px .8rem; margin: .3rem 0 .6rem; }
.rows dt { color: #555; }
.rows dd { margin: 0; }
.badge { display: inline-block; font-size: 11px; padding: 0 4px; border-radius: 3px; background: #d8f3f6;
  color: #05606b; margin-left: .3rem; white-space: nowrap; }
.badge.warn { background: #ffe3d6; color: #8a2d00; }
ul.headings { list-style: none; padding: 0; margin: 0 0 .5rem; }
ul.headings li { padding: 1px 0; }
.empty { color: #777; font-style: italic; }
.error { color: #a00; font-weight: 600; }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } figure.scan { position: static; } }
"""

JS = """
(function () {
  function clear(section) {
    section.querySelectorAll('.hl').forEach(function (h) { h.remove(); });
    section.querySelectorAll('.picked').forEach(function (e) { e.classList.remove('picked'); });
  }
  function show(el) {
    var section = el.closest('section.page');
    if (!section) { return; }
    var frame = section.querySelector('.frame');
    clear(section);
    el.classList.add('picked');
    (el.getAttribute('data-box') || '').split(';').forEach(function (b) {
      var v = b.trim().split(' ');
      if (v.length !== 4) { return; }
      var d = document.createElement('div');
      d.className = 'hl';
      d.style.left = v[0] + '%'; d.style.top = v[1] + '%';
      d.style.width = v[2] + '%'; d.style.height = v[3] + '%';
      frame.appendChild(d);
    });
  }
  document.addEventListener('mouseover', function (e) {
    var el = e.target.closest && e.target.closest('.rows [data-box]');
    if (el) { show(el); }
  });
  document.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('.rows [data-box]');
    if (el) { show(el); }
  });
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.page'));
  function go(n) {
    var target = document.getElementById('page-' + n);
    if (target) { location.hash = 'page-' + n; target.scrollIntoView(); }
  }
  var form = document.getElementById('goto');
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      go(parseInt(form.querySelector('input').value, 10));
    });
  }
  function currentIndex() {
    var best = 0;
    sections.forEach(function (s, i) { if (s.getBoundingClientRect().top < window.innerHeight / 3) { best = i; } });
    return best;
  }
  document.addEventListener('keydown', function (e) {
    if (e.target.tagName === 'INPUT' || e.ctrlKey || e.metaKey || e.altKey || !sections.length) { return; }
    var i = currentIndex();
    if (e.key === 'n' || e.key === 'j') { go(sections[Math.min(i + 1, sections.length - 1)].dataset.page); }
    if (e.key === 'p' || e.key === 'k') { go(sections[Math.max(i - 1, 0)].dataset.page); }
  });
  var links = {};
  document.querySelectorAll('nav.pages a').forEach(function (a) { links[a.getAttribute('href')] = a; });
  function mark() {
    if (!sections.length) { return; }
    var id = '#' + sections[currentIndex()].id;
    Object.keys(links).forEach(function (k) { links[k].classList.toggle('current', k === id); });
  }
  window.addEventListener('scroll', mark, { passive: true });
  window.addEventListener('hashchange', mark);
  mark();
})();
"""
