/* Read-only data that loads read: a byte table, a string and a dense
 * switch (a jump table in read-only data). */
static const unsigned char digits[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
static const char word[] = "flash seen twice";

int lookup(int a, int b)
{
    return digits[a & 15] * 100 + digits[b & 15] + word[(a + b) & 15];
}

int branch(int a, int b)
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
    default: return -1;
    }
}
