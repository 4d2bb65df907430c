/* Host driver: the expected results. Built with one program and
 * -DENTRY=function; prints ENTRY(A, B) as the loader does. */
#include <stdio.h>
#include <stdlib.h>

int ENTRY(int a, int b);
int host_callback(int a, int b);
int host_callback(int a, int b)
{
    return a * 31 + b;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    printf("%d\n", ENTRY(atoi(argv[1]), atoi(argv[2])));
    return 0;
}
