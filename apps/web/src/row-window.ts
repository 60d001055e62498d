// Which rows of the layer table are laid out: those on screen, a quarter of a screen around them,
// and the row being edited. The others stay in the document, kept up to date, but `display: none`
// behind spacer rows of their height, so the page scrolls as if they were there. On resnet_v1_152
// a keystroke's frame cost ~18 ms with all 215 rows laid out (content-visibility: auto still lays
// out and paints ~65 of them) and ~12 ms with the 26 on screen.

/** Row height until one is measured (px): a one-line row at the default font size. */
const ROW_ESTIMATE = 33;

export class RowWindow {
  private rows: HTMLElement[] = [];
  private index = new Map<Element, number>();
  /** Measured heights with margins (px), kept while a row is hidden. */
  private heights: number[] = [];
  private estimate = ROW_ESTIMATE;
  private shown = new Set<number>();
  /** Rows that intersected the viewport at the last update. */
  private visible = new Set<number>();
  private pinned: number | null = null;
  private spacers: [HTMLElement, HTMLElement, HTMLElement];
  private sizes: ResizeObserver | null = null;

  /** `onShow(i)` runs just before row `i` is laid out again (to bring its values up to date). */
  constructor(
    private tbody: HTMLElement,
    private onShow: (i: number) => void,
  ) {
    this.spacers = [spacer(), spacer(), spacer()];
    if (typeof ResizeObserver !== 'undefined') {
      this.sizes = new ResizeObserver((entries) => this.measured(entries));
      // The table coming into view (a tab change) or changing width (a phone turned).
      this.sizes.observe(tbody);
    }
    addEventListener('scroll', () => this.update(), { passive: true });
    addEventListener('resize', () => this.update());
    tbody.addEventListener('focusin', (e) => {
      const i = this.rowOf(e.target);
      if (i !== null) this.pinned = i;
    });
    tbody.addEventListener('focusout', (e) => {
      if (this.pinned !== null && this.rowOf((e as FocusEvent).relatedTarget) !== this.pinned)
        this.pinned = null;
    });
  }

  /** Takes a fresh set of rows (in tbody order) and lays out the ones on screen. */
  reset(rows: HTMLElement[]): void {
    for (const r of this.rows) this.sizes?.unobserve(r);
    this.rows = rows;
    this.index = new Map(rows.map((r, i) => [r, i]));
    this.heights = [];
    this.shown = new Set();
    this.visible = new Set();
    this.pinned = null;
    for (const r of rows) r.classList.add('far');
    this.update();
  }

  isShown(i: number): boolean {
    return this.shown.has(i);
  }

  /** Rows on screen at the last update, then the other laid-out ones, then the rest. */
  order(): { now: number[]; later: number[] } {
    const now = [...this.visible];
    const later = [...this.shown].filter((i) => !this.visible.has(i));
    for (let i = 0; i < this.rows.length; i++) if (!this.shown.has(i)) later.push(i);
    return { now, later };
  }

  /** Lays out row `i` even off screen (it is about to be scrolled to and focused). */
  pin(i: number): void {
    this.pinned = i;
    this.update();
  }

  /** Recomputes which rows are laid out from where the table is on screen. */
  update(): void {
    const n = this.rows.length;
    if (n === 0 || !this.tbody.isConnected) return;
    const box = this.tbody.getBoundingClientRect();
    // A hidden view: its rows are placed when it shows (the size observer sees it).
    if (box.width === 0 && box.height === 0) return;
    const screen = innerHeight;
    const margin = screen / 4;
    const next = new Set<number>();
    const visible = new Set<number>();
    let y = box.top;
    for (let i = 0; i < n; i++) {
      const bottom = y + this.height(i);
      if (bottom > -margin && y < screen + margin) next.add(i);
      if (bottom > 0 && y < screen) visible.add(i);
      y = bottom;
    }
    if (this.pinned !== null && this.pinned < n) next.add(this.pinned);
    this.visible = visible;
    this.apply(next);
  }

  private height(i: number): number {
    return this.heights[i] ?? this.estimate;
  }

  private apply(next: Set<number>): void {
    for (const i of this.shown) {
      if (next.has(i)) continue;
      this.rows[i]!.classList.add('far');
      this.sizes?.unobserve(this.rows[i]!);
    }
    for (const i of next) {
      if (this.shown.has(i)) continue;
      this.onShow(i);
      this.rows[i]!.classList.remove('far');
      this.sizes?.observe(this.rows[i]!);
    }
    this.shown = next;
    // The hidden rows' heights, in up to three gaps: before, between (the pinned row) and after.
    const sorted = [...next].sort((a, b) => a - b);
    const gaps: { before: number; px: number }[] = [];
    let from = 0;
    const close = (to: number) => {
      let px = 0;
      for (let i = from; i < to; i++) px += this.height(i);
      gaps.push({ before: to, px });
    };
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k]!;
      if (k === 0 || i !== sorted[k - 1]! + 1) close(i);
      from = i + 1;
    }
    close(this.rows.length);
    this.spacers.forEach((s, k) => {
      const gap = gaps[k];
      if (!gap || gap.px === 0) {
        s.remove();
        return;
      }
      const at = this.rows[gap.before] ?? null;
      if (s.nextSibling !== at || s.parentNode !== this.tbody) this.tbody.insertBefore(s, at);
      const h = `${gap.px}px`;
      if (s.style.height !== h) s.style.height = h;
    });
  }

  private measured(entries: ResizeObserverEntry[]): void {
    let changed = false;
    for (const e of entries) {
      if (e.target === this.tbody) {
        changed = true;
        continue;
      }
      const i = this.index.get(e.target);
      const box = e.borderBoxSize?.[0]?.blockSize ?? e.contentRect.height;
      if (i === undefined || box <= 0) continue;
      // A row takes its margins too (the cards of the phone layout are 0.5rem apart).
      const style = getComputedStyle(e.target);
      const px =
        box + (Number.parseFloat(style.marginTop) || 0) + (Number.parseFloat(style.marginBottom) || 0);
      if (this.heights[i] === px) continue;
      this.heights[i] = px;
      // Rows never laid out are taken to be as tall as the first one measured.
      if (this.estimate === ROW_ESTIMATE) this.estimate = px;
      changed = true;
    }
    if (changed) this.update();
  }

  private rowOf(target: EventTarget | null): number | null {
    if (!(target instanceof Element)) return null;
    const tr = target.closest('tr');
    return tr ? (this.index.get(tr) ?? null) : null;
  }
}

function spacer(): HTMLElement {
  const tr = document.createElement('tr');
  tr.className = 'spacer';
  tr.setAttribute('aria-hidden', 'true');
  tr.setAttribute('role', 'presentation');
  return tr;
}
