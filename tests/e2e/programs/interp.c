/* A bytecode interpreter's dispatch loop: a small stack machine running a
 * program that loops a times over 64-bit arithmetic on b (the
 * natives-table bench, scripts/bench-mcu.py). */
enum { PUSH, LOAD, STORE, ADD, MUL, DIV, SUB, JNZ, DUP, HALT };

static const unsigned char code[] = {
    LOAD, 1, LOAD, 2, MUL, PUSH, 7, ADD, PUSH, 3, DIV, STORE, 1, /* x = (x * y + 7) / 3 */
    LOAD, 2, PUSH, 1, ADD, STORE, 2,                            /* y = y + 1 */
    LOAD, 0, PUSH, 1, SUB, DUP, STORE, 0, JNZ, 0,                /* while (--n) */
    LOAD, 1, HALT,
};

int interp(int a, int b)
{
    long long var[3] = {a > 0 ? a : 1, b, 3}, stack[8];
    int sp = 0, pc = 0;
    for (;;) {
        unsigned char op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = var[code[pc++]]; break;
        case STORE: var[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case JNZ: pc = stack[--sp] ? code[pc] : pc + 1; break;
        default: return (int)(stack[sp - 1] ^ stack[sp - 1] >> 32);
        }
    }
}
