/* A stand-in for Windows' bcryptprimitives.dll, which Wine 8 does not have. Rust's standard
 * library imports ProcessPrng from it for random numbers (HashMap keys, among others); this
 * forwards to advapi32's RtlGenRandom (exported as SystemFunction036), which Wine has.
 * Test-only: built by scripts/windows.sh into the private Wine prefix, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
