# SPDX-License-Identifier: GPL-2.0
# module.mk - the part of every stage's Makefile that calls kbuild.
# Each stage's Kbuild file names its objects; this builds them.
#
#   make                 build against the running kernel
#   make KDIR=/lib/modules/VERSION/build   build for another kernel
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

all:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

.PHONY: all clean
