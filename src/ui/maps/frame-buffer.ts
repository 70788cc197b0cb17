/**
 * The pixels of a map's track area for one frame, reused from frame to frame: filled
 * with the panel colour, the visible rows' tiles copied in (one copy per row: a tile is
 * as wide as the buffer), then put on the canvas in one call.
 */
export class FrameBuffer {
  private img: ImageData | null = null;
  private px = new Uint32Array(0);

  /** An image of cols × rows device pixels, cleared to `background`. */
  begin(cols: number, rows: number, background: number): void {
    if (!this.img || this.img.width !== cols || this.img.height !== rows) {
      this.img = new ImageData(Math.max(1, cols), Math.max(1, rows));
      this.px = new Uint32Array(this.img.data.buffer, this.img.data.byteOffset, this.img.width * this.img.height);
    }
    this.px.fill(background);
  }

  /** Copy a tile (cols wide, `lines` tall) to device row y; the lines outside the image are left out. */
  blit(tile: Uint32Array, lines: number, y: number): void {
    const img = this.img;
    if (!img) return;
    const cols = img.width;
    const from = Math.max(0, -y);
    const to = Math.min(lines, img.height - y);
    if (to <= from) return;
    this.px.set(tile.subarray(from * cols, to * cols), (y + from) * cols);
  }

  /** Put the image on the canvas at device x (the transform does not apply to pixels). */
  put(ctx: CanvasRenderingContext2D, x: number): void {
    if (this.img) ctx.putImageData(this.img, x, 0);
  }
}
