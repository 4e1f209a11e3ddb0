/* placeholder CLI */
#include <stdio.h>
#include "dixit.h"
int main(void) { printf("dixit %s\n", dx_version()); return 0; }
