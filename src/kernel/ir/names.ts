// Names users give to ports, registers, wires, memories and instances become Verilog identifiers unchanged,
// so they must be legal Verilog and not collide with keywords, the implicit clk/rst, or generated temporaries.

// Verilog-2005 and SystemVerilog keywords (Verilator parses the latter too), as one set.
const KEYWORDS = new Set(
  (
    'always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default defparam ' +
    'design disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive endspecify endtable ' +
    'endtask event for force forever fork function generate genvar highz0 highz1 if ifnone incdir include initial inout ' +
    'input instance integer join large liblist library localparam macromodule medium module nand negedge nmos nor ' +
    'noshowcancelled not notif0 notif1 or output parameter pmos posedge primitive pull0 pull1 pulldown pullup ' +
    'pulsestyle_ondetect pulsestyle_onevent rcmos real realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 ' +
    'scalared showcancelled signed small specify specparam strong0 strong1 supply0 supply1 table task time tran tranif0 ' +
    'tranif1 tri tri0 tri1 triand trior trireg unsigned use uwire vectored wait wand weak0 weak1 while wire wor xnor xor ' +
    'alias always_comb always_ff always_latch assert assume before bind bins binsof bit break byte chandle class clocking ' +
    'const constraint context continue cover covergroup coverpoint cross dist do endclass endclocking endgroup ' +
    'endinterface endpackage endprogram endproperty endsequence enum expect export extends extern final first_match ' +
    'foreach forkjoin iff ignore_bins illegal_bins import inside int interface intersect join_any join_none local logic ' +
    'longint matches modport new null package packed priority program property protected pure rand randc randcase ' +
    'randsequence ref return sequence shortint shortreal solve static string struct super tagged this throughout ' +
    'timeprecision timeunit type typedef union unique var virtual void wait_order wildcard with within'
  ).split(' '),
);

// C++ keywords and a few standard macros that are not Verilog keywords: Verilator's C++ model and our harness use
// port and module names as C++ identifiers, and Verilator would rename these (the harness would not find them).
const CXX_WORDS = new Set(
  (
    'alignas alignof and_eq asm auto bitand bitor bool catch char char8_t char16_t char32_t compl concept consteval ' +
    'constexpr constinit const_cast co_await co_return co_yield decltype delete double dynamic_cast explicit false float ' +
    'friend goto inline long mutable namespace noexcept not_eq nullptr operator or_eq private public register ' +
    'reinterpret_cast requires short sizeof static_assert static_cast switch template thread_local throw true try typeid ' +
    'typename using volatile wchar_t xor_eq NULL EOF assert errno stdin stdout stderr main'
  ).split(' '),
);

export const RESERVED_PORTS = new Set(['clk', 'rst']);

/** Why `name` is not usable as a user identifier, or undefined if it is fine. */
export function nameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return 'must start with a letter and contain only letters, digits and _';
  if (KEYWORDS.has(name)) return 'is a Verilog keyword';
  if (CXX_WORDS.has(name)) return "is a C++ keyword or macro (Verilator's C++ model would rename it)";
  if (name.startsWith('__V') || name.includes('__')) return 'contains "__" (Verilator reserves it for its own names)';
  if (RESERVED_PORTS.has(name)) return 'is reserved for the implicit clock/reset';
  if (/^_t\d+$/.test(name)) return 'is reserved for generated temporaries';
  return undefined;
}

export function isVerilogKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}
