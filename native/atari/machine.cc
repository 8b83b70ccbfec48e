#include "machine.h"

#include <cstdio>
#include <cstring>
#include <random>

#include "cpu_impl.h"

namespace hrl::atari {

bool Machine::load(const uint8_t* rom, size_t size, CartScheme scheme, uint32_t seed, std::string* error) {
  if (!cart.load(rom, size, scheme, error)) return false;
  power_on(seed);
  return true;
}

void Machine::power_on(uint32_t seed) {
  std::mt19937 rng(seed);
  for (uint8_t& b : riot.ram) b = static_cast<uint8_t>(rng());
  data_bus = 0;
  frame_number = 0;
  error_.clear();
  system_reset(static_cast<uint8_t>(25 + rng() % 75));
  // SuperChip RAM, where the cartridge has it, takes the generator's next 128 draws (as ALE's Stella fills it).
  if (uint8_t* sc = cart.ram())
    for (int i = 0; i < 128; ++i) sc[i] = static_cast<uint8_t>(rng());
}

void Machine::system_reset(uint8_t timer_start) {
  uint8_t sc[128];
  if (cart.ram()) std::memcpy(sc, cart.ram(), sizeof sc);
  cycles = 0;
  cart.reset();
  if (cart.ram()) std::memcpy(cart.ram(), sc, sizeof sc);
  tia.reset();
  riot.reset(cycles, timer_start);
  cpu = Cpu{};
  cpu.a = cpu.x = cpu.y = 0;
  cpu.sp = 0xFF;
  cpu.p = kU;
  // The reset vector, read without clocking the machine (ALE's Stella loads it directly).
  cpu.pc = static_cast<uint16_t>(cart.read(0x1FFC) | cart.read(0x1FFD) << 8);
  tia.begin_frame(cycles);
}

void Machine::set_controls(const Controls& c) {
  riot.swcha_in = c.swcha;
  riot.swchb_in = c.swchb;
  for (int i = 0; i < 2; ++i) tia.set_fire(i, c.fire[i]);
  for (int i = 0; i < 4; ++i) tia.set_paddle_resistance(i, c.paddle[i]);
}

// One of ALE's emulator steps (TIA::update): the CPU runs until the TIA ends a frame, or for 25,000 instructions, after
// which the frame is left unfinished (a partial frame, continued by the next step; frame_number counts finished ones).
uint8_t Machine::read_io(uint16_t address) {
  if (!(address & 0x80)) return tia.read(address & 0x0F, cycles, data_bus);
  return riot.read(address, cycles);
}

void Machine::write_io(uint16_t address, uint8_t value) {
  if (address & 0x1000) cart.write(address, value);
  else if (!(address & 0x80)) tia.write(address & 0x3F, value, cycles);
  else riot.write(address, value, cycles);
}

bool Machine::run_frame() {
  constexpr int kInstructionsPerStep = 25000;
  if (cpu.jammed) return false;
  if (!tia.frame_done()) {
    if (cart.needs_snoop()) cpu.run(MachineBus<true>(this), kInstructionsPerStep);
    else cpu.run(MachineBus<false>(this), kInstructionsPerStep);
  }
  if (cpu.jammed) {
    char msg[96];
    std::snprintf(msg, sizeof msg, "the CPU jammed: opcode $%02X at $%04X (frame %llu)", cpu.jam_opcode, cpu.jam_pc,
                  static_cast<unsigned long long>(frame_number));
    error_ = msg;
    return false;
  }
  if (!tia.frame_done()) {
    tia.partial_frame(cycles);
    return true;
  }
  ++frame_number;
  tia.begin_frame(cycles);
  return true;
}

namespace {
constexpr uint32_t kStateMagic = 0x32363030;  // "2600"
constexpr uint32_t kStateVersion = 1;
}  // namespace

std::vector<uint8_t> Machine::save() const {
  StateWriter w;
  w.put(kStateMagic);
  w.put(kStateVersion);
  w.put(cycles);
  w.put(data_bus);
  w.put(frame_number);
  cpu.save(w);
  tia.save(w);
  w.put_bytes(riot.ram, sizeof riot.ram);
  riot.save(w);
  cart.save(w);
  return std::move(w.bytes);
}

bool Machine::load_state(const uint8_t* data, size_t size, std::string* error) {
  StateReader r(data, size);
  if (r.get<uint32_t>() != kStateMagic) { *error = "not an Atari 2600 machine state"; return false; }
  const uint32_t version = r.get<uint32_t>();
  if (version != kStateVersion) { *error = "machine state version " + std::to_string(version) + " is not supported"; return false; }
  Machine m = *this;  // restore into a copy, so a bad snapshot leaves this machine untouched
  m.cycles = r.get<uint64_t>();
  m.data_bus = r.get<uint8_t>();
  m.frame_number = r.get<uint64_t>();
  m.cpu.load(r);
  m.tia.load(r);
  r.get_bytes(m.riot.ram, sizeof m.riot.ram);
  m.riot.load(r);
  std::string cart_error;
  if (!m.cart.load(r, &cart_error) && r.ok) { *error = cart_error; return false; }
  if (!r.ok || !r.at_end()) { *error = "truncated or corrupt machine state"; return false; }
  *this = std::move(m);
  return true;
}

}  // namespace hrl::atari
