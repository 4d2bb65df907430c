/* A dense switch (a jump table in read-only data on most targets) and
 * function pointers. */
int __attribute__((noinline)) op_add(int a, int b) { return a + b; }
int __attribute__((noinline)) op_sub(int a, int b) { return a - b; }
int __attribute__((noinline)) op_mul(int a, int b) { return a * b; }
int __attribute__((noinline)) op_xor(int a, int b) { return a ^ b; }

int sw(int a, int b)
{
    switch (a) {
    case 0: return b * 7;
    case 1: return b ^ 13;
    case 2: return b << 3;
    case 3: return b + 1000;
    case 4: return b - 99;
    case 5: return b % 1000;
    case 6: return b * b;
    case 7: return ~b;
    case 8: return b >> 2;
    case 9: return b | 0x100;
    case 10: return b & 0xff;
    case 11: return -b;
    default: return -1;
    }
}

static int __attribute__((noinline)) apply(int (*f)(int, int), int a, int b)
{
    return f(a, b);
}

int fptr(int a, int b)
{
    int (*f)(int, int);
    switch (a & 3) {
    case 0: f = op_add; break;
    case 1: f = op_sub; break;
    case 2: f = op_mul; break;
    default: f = op_xor; break;
    }
    return apply(f, a, b) + apply(op_add, b, 1);
}
