# Usage: python3 tools/icons.py icons   (from plugins/org.hyperupcall.launch)
# Draws the bundle's two 16x16 icons (and @2x variants) as RGBA PNGs, standard library only.
import struct, zlib, math, sys

def png(path, w, h, px):
    raw = b''.join(b'\x00' + bytes(c for p in px[y*w:(y+1)*w] for c in p) for y in range(h))
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

def render(size, shape):
    # 4x4 supersampling of a shape function over the unit square [0,16)^2 -> RGBA or None
    px = []
    ss = 4
    for y in range(size):
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    u = (x + (sx + .5) / ss) * 16 / size
                    v = (y + (sy + .5) / ss) * 16 / size
                    c = shape(u, v)
                    if c:
                        a = c[3] / 255
                        for i in range(3):
                            acc[i] += c[i] * a
                        acc[3] += a
            n = ss * ss
            if acc[3] == 0:
                px.append((0, 0, 0, 0))
            else:
                px.append(tuple(round(acc[i] / acc[3]) for i in range(3)) + (round(255 * acc[3] / n),))
    return px

BLUE = (33, 97, 170, 255)
WHITE = (255, 255, 255, 255)
GREY = (120, 144, 176, 255)
ORANGE = (230, 126, 34, 255)

def launch_icon(u, v):
    # a blue disc with a white arrow going up (an upcall) out of a white bar (the hypervisor)
    d = math.hypot(u - 8, v - 8)
    if d > 7.5:
        return None
    inside_arrow_head = v >= 3 and v <= 8 and abs(u - 8) <= (v - 3) * 0.9
    inside_stem = 7.5 >= v >= 6 and abs(u - 8) <= 1.2 or (v >= 6 and v <= 10.5 and abs(u - 8) <= 1.2)
    inside_bar = 11.5 <= v <= 13 and 4 <= u <= 12
    if inside_arrow_head or inside_stem or inside_bar:
        return WHITE
    return BLUE

def results_icon(u, v):
    # three pairs of horizontal bars: without (grey-blue) and with (orange)
    if 1 <= u <= 1.9 and 1 <= v <= 15:
        return (80, 80, 80, 255)
    bars = [(2, 14, GREY), (4.5, 9, ORANGE), (7, 12, GREY), (9.5, 6, ORANGE), (12, 10, GREY)]
    for top, length, col in bars:
        if top <= v <= top + 2 and 2.5 <= u <= 2.5 + length:
            return col
    return None

out = sys.argv[1]
for name, shape in (('hyperupcall', launch_icon), ('results', results_icon)):
    png(f'{out}/{name}.png', 16, 16, render(16, shape))
    png(f'{out}/{name}@2x.png', 32, 32, render(32, shape))
