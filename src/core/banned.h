/* banned.h - functions motcua never calls (after git's banned.h).
 * Included last by every translation unit through the build flags
 * (-include src/core/banned.h is not used: each .c includes "core/banned.h"
 * after its system headers). A call to any of these is a compile error. */
#ifndef MC_BANNED_H
#define MC_BANNED_H

#define MC_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) MC_BANNED(strcpy)
#undef strcat
#define strcat(x, y) MC_BANNED(strcat)
#undef sprintf
#define sprintf(...) MC_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MC_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) MC_BANNED(strtok)
#undef gets
#define gets(x) MC_BANNED(gets)
#undef atoi
#define atoi(x) MC_BANNED(atoi)
#undef gmtime
#define gmtime(x) MC_BANNED(gmtime)
#undef localtime
#define localtime(x) MC_BANNED(localtime)

#endif
