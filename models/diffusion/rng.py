"""Seeded Gaussian noise, bit-compatible with src/core/diffusion/rng.ts.

seed (uint32) -> splitmix32 -> xoshiro128** state; uniform u in (0, 1] from 53 bits;
Box-Muller pairs (cos first, then sin), float64 maths, stored as float32.
"""
import math

import numpy as np

M32 = 0xFFFFFFFF


def _splitmix32(seed):
    s = seed & M32
    while True:
        s = (s + 0x9E3779B9) & M32
        z = s
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
        yield (z ^ (z >> 16)) & M32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class SeededRandom:
    def __init__(self, seed):
        if not (0 <= int(seed) <= M32):
            raise ValueError("seed must be in [0, 2^32)")
        g = _splitmix32(int(seed))
        self.s = [next(g) for _ in range(4)]

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next_uniform(self):
        a = self.next_uint32() >> 5
        b = self.next_uint32() >> 6
        return (a * 67108864 + b + 1) / 9007199254740992.0

    def normal(self, n):
        out = np.empty(n, dtype=np.float64)
        for i in range(0, n, 2):
            u1 = self.next_uniform()
            u2 = self.next_uniform()
            r = math.sqrt(-2.0 * math.log(u1))
            th = 2.0 * math.pi * u2
            out[i] = r * math.cos(th)
            if i + 1 < n:
                out[i + 1] = r * math.sin(th)
        return out.astype(np.float32)


def gaussian_noise(seed, shape):
    n = int(np.prod(shape))
    return SeededRandom(seed).normal(n).reshape(shape)
