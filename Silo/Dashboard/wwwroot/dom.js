// Small DOM helpers. Everything from the silo (ids, logs, chat text) goes in as text nodes, never as markup.

export const byId = (id) => document.getElementById(id);

/**
 * Creates an element. attrs: `class`, `text`, or any attribute (true → present, null/false/undefined → absent);
 * children: nodes or strings (strings become text nodes). Never pass `style`: the CSP forbids inline styles.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** Sets or removes an attribute. */
export function attr(node, name, value) {
  if (value === null || value === undefined || value === false) node.removeAttribute(name);
  else node.setAttribute(name, value === true ? '' : String(value));
}

/** Shows an error (a ProblemError or any Error) as "Title: detail" in a role="alert" element. */
export function showProblem(target, error) {
  const title = error?.title || error?.name || 'Error';
  const detail = error?.title ? error.detail : (error?.message ?? String(error));
  target.replaceChildren(el('strong', {}, `${title}${detail ? ':' : ''}`), detail ? ` ${detail}` : '');
  target.hidden = false;
}

export function clearProblem(target) {
  target.replaceChildren();
  target.hidden = true;
}

/** True when a scroll container shows its end (a little slack for fractional pixels). */
export function atBottom(node) {
  return node.scrollHeight - node.scrollTop - node.clientHeight < 24;
}

/**
 * Updates a <select>'s options to `items` ({value, label}) without losing the selection: texts are updated in
 * place when the values are the same, otherwise the options are rebuilt and the old value kept if it still exists,
 * else `fallback`. Returns the resulting value.
 */
export function syncSelect(select, items, fallback) {
  const current = select.value;
  const same = select.options.length === items.length && items.every((item, i) => select.options[i].value === item.value);
  if (same) {
    items.forEach((item, i) => {
      if (select.options[i].textContent !== item.label) select.options[i].textContent = item.label;
    });
    return select.value;
  }
  select.replaceChildren(...items.map((item) => el('option', { value: item.value }, item.label)));
  select.value = items.some((item) => item.value === current) ? current : (fallback ?? '');
  return select.value;
}

/** Parses the silo's ISO-8601 times; .NET writes 7 fraction digits, which not every Date.parse accepts. */
export function parseTime(iso) {
  if (!iso) return NaN;
  return Date.parse(String(iso).replace(/(\.\d{3})\d+/, '$1'));
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function relativeTime(ms, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}
