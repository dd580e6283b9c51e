// iCEBreaker (iCE40 UP5K, SG48) top level of the dwtwin serial link: the generated link top `dwlink` (UART 8N1 at
// 115200 baud from the 12 MHz oscillator, 104 clocks per bit) on the FTDI's second channel (RX pin 6, TX pin 9).
// Reset: a power-on counter (FPGA flip-flops start at their init value after configuration) holds rst for 255
// cycles. The green LED is on while the link is idle, the red one while it works on a frame.
module top (
  input  wire CLK,
  input  wire RX,
  output wire TX,
  output wire LEDR_N,
  output wire LEDG_N
);
  reg [7:0] por = 8'd0;
  wire rst = ~por[7];
  always @(posedge CLK) if (!por[7]) por <= por + 8'd1;
  wire idle;
  dwlink link (
    .clk(CLK),
    .rst(rst),
    .rx(RX),
    .byte_mode(1'b0),
    .bi_valid(1'b0),
    .bi_data(8'd0),
    .bo_ready(1'b0),
    .tx(TX),
    .bi_ready(),
    .bo_valid(),
    .bo_data(),
    .idle(idle)
  );
  assign LEDG_N = ~idle;
  assign LEDR_N = idle;
endmodule
